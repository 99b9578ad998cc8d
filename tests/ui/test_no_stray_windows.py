"""Opening the vault builds the screens, the first at once and the rest while the user reads Home.
None of that may open a window of its own: a widget shown before it has a parent flashes on the
desktop as a tiny window and takes the keyboard from the main window (its shortcuts go dead)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from tests.exchange.vault_pairs import coordinator, joined
from tests.ui.shell_helpers import unlock, wait_idle


class WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.names.append(type(watched).__name__)
        return False


@pytest.mark.parametrize("who", ["coord", "ann", "chair"])
def test_building_the_screens_opens_no_window_and_keeps_the_keyboard(qtbot, make_shell, tmp_path, who):
    coord = coordinator(tmp_path / "coord")
    folder = (
        coord
        if who == "coord"
        else joined(coord, tmp_path / who, who, "outreach" if who == "ann" else "chair")
    )
    shell = make_shell(folder)
    spy = WindowsShown()
    app = QApplication.instance()
    app.installEventFilter(spy)
    try:
        unlock(qtbot, shell, user=who)
        qtbot.waitUntil(shell.window.settled, timeout=20000)
        wait_idle(qtbot, shell)
    finally:
        app.removeEventFilter(spy)
    assert [n for n in spy.names if n != "MainWindow"] == []
    assert shell.window.isActiveWindow()  # Ctrl+L and the screen keys still reach it
