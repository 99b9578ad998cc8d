"""Lock, auto-lock, quick exit, clipboard; no case data on screen after locking (S14, S15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from dv_forum.session import AUTO_LOCK_MINUTES
from dv_forum.settings import set_setting
from dv_forum.vault import Vault
from dv_forum.vault import audit as core_audit
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.clipboard import PASSWORD_HINT

MARKER = "MARKER-7f3c9e-CASEDATA"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    with vault.transaction():
        vault.audit("case.view", ref=MARKER, detail=MARKER)
    vault.close()
    return tmp_path / "vault"


def all_text() -> str:
    """Every piece of text any widget in the application shows, including model contents."""
    parts: list[str] = []
    for top in QApplication.topLevelWidgets():
        parts.append(top.windowTitle())
        for w in [top, *top.findChildren(object)]:
            if isinstance(w, QLabel | QAbstractButton):
                parts.append(w.text())
            elif isinstance(w, QLineEdit):
                parts.append(w.text())
            elif isinstance(w, QTextEdit | QPlainTextEdit):
                parts.append(w.toPlainText())
            elif isinstance(w, QComboBox):
                parts += [w.itemText(i) for i in range(w.count())]
            if isinstance(w, QAbstractItemView) and w.model() is not None:
                model = w.model()
                root = QModelIndex()
                try:
                    columns = model.columnCount(root)
                except TypeError:  # list models keep columnCount private
                    columns = 1
                for r in range(model.rowCount(root)):
                    for c in range(columns):
                        parts.append(str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)))
            if hasattr(w, "toolTip"):
                parts.append(w.toolTip())
    return "\n".join(parts)


def audit_actions(folder: Path) -> list[str]:
    vault = Vault.open(folder, "coord", PASSPHRASE)
    try:
        return [r.action for r in core_audit.rows(vault.conn)]
    finally:
        vault.close()


def show_audit(qtbot, shell) -> None:
    shell.window.show_screen("audit")
    screen = shell.window.screen_for("audit")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10000)


def test_lock_clears_every_widget_and_returns_to_same_screen(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    show_audit(qtbot, shell)
    assert MARKER in all_text()  # the marker really is on screen before locking
    cleared: list[str] = []
    for screen in shell.window.build_all():
        original = screen.clear
        screen.clear = lambda original=original, key=screen.nav_key: (
            cleared.append(key),
            original(),
        )[1]
    with qtbot.waitSignal(shell.locked):
        qtbot.keyClick(shell.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert sorted(cleared) == sorted(
        key for _l, key, _m, _c in __import__("ui.main_window").main_window.SCREENS
    )
    wait_idle(qtbot, shell)
    assert shell.worker._executor.vault is None  # connection closed, vault object dropped
    assert shell.window.pages.currentIndex() == shell.window.LOCKED
    qtbot.waitUntil(lambda: MARKER not in all_text())
    assert shell.window.screens == []
    unlock(qtbot, shell)
    assert shell.window.current_key() == "audit"
    assert shell.window.stack.currentWidget() is shell.window.screen_for("audit")


def test_results_arriving_after_lock_are_dropped(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    seen: list[object] = []
    shell.run(lambda v: MARKER, on_done=seen.append)
    shell.lock()
    wait_idle(qtbot, shell)
    assert seen == []


def test_auto_lock_after_idle_minutes(qtbot, make_shell, folder, clock):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    qtbot.waitUntil(lambda: shell.activity.armed, timeout=5000)
    assert shell.activity.timeout_s == 5 * 60  # the default setting
    clock.advance(4 * 60)
    shell.activity.check()
    assert shell.is_unlocked
    # Input resets the idle time (through the application-wide event filter).
    qtbot.keyClick(shell.window.nav, Qt.Key.Key_Down)
    clock.advance(4 * 60)
    shell.activity.check()
    assert shell.is_unlocked
    clock.advance(61)
    with qtbot.waitSignal(shell.locked, timeout=5000):
        shell.activity.check()  # the 1 s timer does the same in the running program
    wait_idle(qtbot, shell)
    assert shell.worker._executor.vault is None
    assert MARKER not in all_text()
    assert "autolock" in audit_actions(folder)


def test_auto_lock_minutes_is_a_vault_setting(qtbot, make_shell, folder, clock):
    vault = Vault.open(folder, "coord", PASSPHRASE)
    with vault.transaction():
        set_setting(vault.conn, AUTO_LOCK_MINUTES, 2)
    vault.close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    qtbot.waitUntil(lambda: shell.activity.armed, timeout=5000)
    assert shell.activity.timeout_s == 120
    clock.advance(121)
    with qtbot.waitSignal(shell.locked, timeout=5000):
        shell.activity.check()


def test_quick_exit_by_three_shifts(qtbot, make_shell, folder, clock):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    show_audit(qtbot, shell)
    shell.copy_secret("NWL-2026-0001")
    timings: list[float] = []
    shell.quick_exited.connect(timings.append)
    for _ in range(3):
        qtbot.keyClick(shell.window.nav, Qt.Key.Key_Shift)
        clock.advance(0.3)
    assert timings
    assert not shell.window.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    qtbot.waitUntil(lambda: shell.exits == [1], timeout=10000)
    assert shell.worker._executor.vault is None
    assert MARKER not in all_text()
    assert audit_actions(folder)[1] == "quick_exit"  # [0] is our own unlock to read it


@pytest.mark.timing
def test_quick_exit_hides_the_window_within_200_ms(qtbot, make_shell, folder, clock):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    timings: list[float] = []
    shell.quick_exited.connect(timings.append)
    for _ in range(3):
        qtbot.keyClick(shell.window.nav, Qt.Key.Key_Shift)
        clock.advance(0.3)
    assert timings and timings[0] < 0.2
    qtbot.waitUntil(lambda: bool(shell.exits), timeout=10000)


def test_slow_shifts_or_typing_capitals_do_not_quick_exit(qtbot, make_shell, folder, clock):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    for _ in range(3):
        qtbot.keyClick(shell.window.nav, Qt.Key.Key_Shift)
        clock.advance(0.6)
    clock.advance(2)
    # Typing capitals: QTest presses Shift before each letter, as a typist does.
    for _ in range(5):
        qtbot.keyClick(shell.window.nav, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert shell.window.isVisible()
    assert shell.is_unlocked


def test_quick_exit_button_on_the_locked_screen(qtbot, make_shell, folder):
    shell = make_shell(folder)
    assert shell.window.quick_exit_action.isEnabled()
    shell.window.quick_exit_action.trigger()
    assert not shell.window.isVisible()
    qtbot.waitUntil(lambda: shell.exits == [1], timeout=5000)


def test_clipboard_is_concealed_and_cleared_if_unchanged(qtbot, make_shell, folder):
    shell = make_shell(folder)
    clip = shell.clipboard
    clip.clear_after_ms = 50
    clip.copy("NWL-2026-0002")
    board = QGuiApplication.clipboard()
    assert board.text() == "NWL-2026-0002"
    assert bytes(board.mimeData().data(PASSWORD_HINT)) == b"secret"
    qtbot.waitUntil(lambda: board.text() == "", timeout=5000)
    clip.copy("NWL-2026-0003")
    board.setText("something the user copied later")
    with qtbot.waitSignal(clip._timer.timeout, timeout=5000):
        pass
    assert board.text() == "something the user copied later"


def test_window_title_and_settings_file_hold_no_case_data(qtbot, make_shell, folder, sandbox):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    show_audit(qtbot, shell)
    assert shell.window.windowTitle() == "dv-forum"
    shell.save_geometry()
    for path in (sandbox / "config").rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert MARKER.encode() not in text
            assert b"coord" not in text


def test_menus_show_shortcuts_and_controls_have_names(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    win = shell.window
    assert win.lock_action.shortcut().toString() == "Ctrl+L"
    assert "Ctrl+L" in win.lock_action.toolTip()
    assert "Ctrl+Shift+Q" in win.quick_exit_action.toolTip()
    for action in win.nav_actions:
        assert action.shortcut().toString().startswith("Ctrl+")
    qtbot.keyClick(win, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert win.current_key() == "settings"
    for button in win.findChildren(QAbstractButton):
        if button.isVisibleTo(win) and not button.text():
            assert button.accessibleName() or button.toolTip(), button.objectName()
