"""First launch fits the screen: maximised below 1440x900, a comfortable size above it; a size
the user chose is kept (window.ini holds only the geometry)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QMainWindow

from ui import geometry


def _screen(monkeypatch, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleNamespace(availableGeometry=lambda: QRect(0, 0, width, height))
    monkeypatch.setattr(QApplication, "primaryScreen", staticmethod(lambda: fake))


def test_a_laptop_screen_opens_maximised(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geometry.paths, "config_dir", lambda: tmp_path)
    _screen(monkeypatch, 1366, 728)  # 1366x768 less a taskbar
    window = QMainWindow()
    qtbot.addWidget(window)
    geometry.restore(window)
    assert window.isMaximized() or window.windowState() & geometry.Qt.WindowState.WindowMaximized
    # Where no window manager honours the request, the window already covers the available area.
    assert (window.width(), window.height()) == (1366, 728)


def test_a_large_screen_opens_at_a_comfortable_size_and_a_chosen_size_is_kept(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geometry.paths, "config_dir", lambda: tmp_path)
    _screen(monkeypatch, 1920, 1040)
    window = QMainWindow()
    qtbot.addWidget(window)
    geometry.restore(window)
    assert not window.windowState() & geometry.Qt.WindowState.WindowMaximized
    assert (window.width(), window.height()) == (1200, 780)
    window.resize(1000, 700)
    geometry.save(window)
    again = QMainWindow()
    qtbot.addWidget(again)
    geometry.restore(again)
    assert again.height() == 700 and again.width() <= 1000  # kept (Qt fits it to the real screen)


def test_home_in_the_smallest_window_scrolls_rather_than_squash_its_cards(qtbot, make_shell, tmp_path):  # type: ignore[no-untyped-def]
    """Found trying the program as a new coordinator: in a small window the Home cards cut their
    titles ("Next MARAC meetin") and their Open buttons were squashed to empty bars."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
    from tests.ui.shell_helpers import unlock, wait_idle

    create_demo(tmp_path / "demo").close("test")
    shell = make_shell(tmp_path / "demo")
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    shell.window.resize(shell.window.minimumSize())
    wait_idle(qtbot, shell)
    home = shell.window.screen_for("home")
    qtbot.waitUntil(lambda: any(b.text() == "Open" for b in home.findChildren(QPushButton)))
    QApplication.processEvents()
    opens = [b for b in home.findChildren(QPushButton) if b.text() == "Open"]
    assert opens and all(b.height() >= b.minimumSizeHint().height() for b in opens)
    cards = [
        w for w in home.findChildren(QLabel) if w.parent() is not None and w.parent().objectName() == "card"
    ]
    assert cards and all(label.wordWrap() for label in cards)
