"""Unlock screen: success, and a distinct message for each failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.errors import LockedOut
from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, recovery = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    (tmp_path / "recovery.txt").write_text(recovery)
    vault.close()
    return tmp_path / "vault"


def attempt(qtbot, shell, passphrase: str, user: str = "coord") -> None:
    panel = shell.window.unlock
    panel.user.setText(user)
    panel.passphrase.setText(passphrase)
    panel.unlock_button.click()
    qtbot.waitUntil(lambda: not shell.worker.busy and panel.message.text() != "", timeout=20000)


def test_unlock_shows_home_and_clears_passphrase(qtbot, make_shell, folder):
    shell = make_shell(folder)
    assert shell.window.windowTitle() == "dv-forum"
    # The header does not name her; as the only user she may leave her name out.
    assert shell.window.unlock.user.text() == "" and "one user" in shell.window.unlock.user.placeholderText()
    unlock(qtbot, shell, "")
    assert shell.window.user_label.text().startswith("coord")  # her real name, from inside the vault
    assert shell.is_unlocked
    assert shell.window.current_key() == "home"
    assert shell.window.unlock.passphrase.text() == ""
    home = shell.window.screen_for("home")
    qtbot.waitUntil(
        lambda: "Next MARAC meeting" in " ".join(w.text() for w in home.findChildren(type(home.signed_in)))
    )


def test_unlock_progress_does_not_block_gui(qtbot, make_shell, folder):
    shell = make_shell(folder)
    panel = shell.window.unlock
    panel.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(shell.unlocked, timeout=20000):
        panel.unlock_button.click()
        # The KDF runs on the worker: the GUI thread returns at once and shows progress.
        assert shell.worker.busy
        assert not panel.progress.isHidden()
        assert "Unlocking" in panel.status.text()


def test_wrong_passphrase_message(qtbot, make_shell, folder):
    shell = make_shell(folder)
    attempt(qtbot, shell, "not the right passphrase")
    panel = shell.window.unlock
    assert panel.message.text() == "Wrong passphrase or user name."
    assert "Caps Lock" in panel.next_step.text()
    assert panel.passphrase.text() == ""
    assert not shell.is_unlocked


def test_damaged_vault_message(qtbot, make_shell, folder):
    db = Vault.db_path(folder)
    data = bytearray(db.read_bytes())
    for i in range(4096 + 100, 4096 + 600):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    shell = make_shell(folder)
    attempt(qtbot, shell, PASSPHRASE)
    panel = shell.window.unlock
    assert "damaged" in panel.message.text()
    assert "Restore it from your latest backup" in panel.next_step.text()


def test_newer_version_message(qtbot, make_shell, folder):
    vault = Vault.open(folder, "coord", PASSPHRASE)
    vault.conn.execute("PRAGMA user_version = 999")
    vault.close()
    shell = make_shell(folder)
    attempt(qtbot, shell, PASSPHRASE)
    panel = shell.window.unlock
    assert "newer version of dv-forum" in panel.message.text()
    assert "Install the newer version" in panel.next_step.text()


def test_locked_out_countdown(qtbot, make_shell, folder, monkeypatch):
    def refuse(*args, **kwargs):
        raise LockedOut(3)

    monkeypatch.setattr(Vault, "open", refuse)
    shell = make_shell(folder)
    attempt(qtbot, shell, PASSPHRASE)
    panel = shell.window.unlock
    assert panel.message.text() == "Too many failed attempts: try again in 3 s."
    assert not panel.unlock_button.isEnabled()
    panel.tick()
    assert "in 2 s" in panel.message.text()
    panel.tick()
    panel.tick()
    assert panel.countdown == 0
    assert panel.unlock_button.isEnabled()
    assert panel.message.text() == ""


def test_recovery_key_sets_new_passphrase(qtbot, make_shell, folder, tmp_path):
    shell = make_shell(folder)
    panel = shell.window.unlock
    panel.user.setText("coord")
    panel.recovery_button.click()
    assert panel.pages.currentIndex() == 1
    panel.recovery.key.setText((tmp_path / "recovery.txt").read_text())
    assert panel.recovery.user.text() == "coord"  # carried over from the unlock form
    panel.recovery.new_passphrase.setText("short")
    assert not panel.recovery.button.isEnabled()
    assert "at least 10 characters" in panel.recovery.problems.text()
    panel.recovery.new_passphrase.setText("a brand new passphrase for me")
    panel.recovery.new_again.setText("a brand new passphrase for me")
    assert panel.recovery.button.isEnabled()
    with qtbot.waitSignal(shell.unlocked, timeout=20000):
        panel.recovery.button.click()
    wait_idle(qtbot, shell)
    assert panel.recovery.key.text() == ""
    shell.lock()
    wait_idle(qtbot, shell)
    unlock(qtbot, shell, passphrase="a brand new passphrase for me")
    assert shell.is_unlocked


def test_wrong_recovery_key_message(qtbot, make_shell, folder):
    shell = make_shell(folder)
    panel = shell.window.unlock
    panel.recovery_button.click()
    panel.recovery.key.setText("AAAA-BBBB-CCCC-DDDD")
    panel.recovery.new_passphrase.setText("a brand new passphrase for me")
    panel.recovery.new_again.setText("a brand new passphrase for me")
    panel.recovery.button.click()
    qtbot.waitUntil(lambda: not shell.worker.busy and panel.message.text() != "", timeout=20000)
    assert not shell.is_unlocked
    assert "recovery key" in (panel.message.text() + panel.next_step.text()).lower()


def test_an_older_copy_of_the_folder_is_shown_on_the_unlock_screen(qtbot, make_shell, tmp_path, monkeypatch):
    from tests.security.test_folder_rollback import roll_back

    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    shell = make_shell(roll_back(tmp_path / "rolled"))
    attempt(qtbot, shell, PASSPHRASE)
    panel = shell.window.unlock
    assert "older copy" in panel.message.text() and "audit accept" in panel.next_step.text()
    assert not shell.is_unlocked
