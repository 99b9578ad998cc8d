"""Restore from the unlock screen: the restored vault opens; each failure says why and writes nothing."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dv_forum import paths
from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.unlock import RESTORE_PAGE, UNLOCK_PAGE

MONTHS_IN_BACKUP = 3


def _count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0])


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    """A vault backed up holding 3 rows, then given 2 more: the backup and the vault differ."""
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    rows = [(f"2024-{m:02d}", m) for m in range(1, 6)]
    with vault.transaction():
        vault.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, '', ?)",
            rows[:MONTHS_IN_BACKUP],
        )
    (tmp_path / "backups").mkdir()
    target = vault.backup(tmp_path / "backups" / "weekly.dvbak")
    with vault.transaction():
        vault.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, '', ?)",
            rows[MONTHS_IN_BACKUP:],
        )
    vault.close()
    return target


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _damage(folder: Path) -> None:
    db = Vault.db_path(folder)
    data = bytearray(db.read_bytes())
    for i in range(4096 + 100, 4096 + 600):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def _restored_name() -> str:
    return f"vault-restored-{date.today().isoformat()}"


def _activate(qtbot, shell) -> None:
    """Keyboard shortcuts need a shown, active window."""
    qtbot.waitExposed(shell.window)
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow)


def _wait_message(qtbot, shell) -> None:
    panel = shell.window.unlock
    qtbot.waitUntil(lambda: not shell.worker.busy and panel.message.text() != "", timeout=20000)


def test_damaged_vault_offers_restore_which_opens_the_backup_and_remembers_the_folder(
    qtbot, make_shell, backup_file, tmp_path, scripted_dialogs, monkeypatch
):
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "vault"
    _damage(folder)
    before = _digest(folder)
    shell = make_shell(folder, folder_origin="default")
    panel = shell.window.unlock
    panel.passphrase.setText(PASSPHRASE)
    panel.unlock_button.click()
    _wait_message(qtbot, shell)
    assert "damaged" in panel.message.text()
    assert "new folder" in panel.next_step.text()
    assert "dv-forum restore" not in panel.next_step.text()
    assert panel.offer_restore.isVisible()
    assert panel.offer_restore.hasFocus()

    qtbot.keyClick(panel.offer_restore, Qt.Key.Key_Space)
    assert panel.pages.currentIndex() == RESTORE_PAGE
    assert not panel.offer_restore.isVisible()
    assert panel.restore.folder.text() == str(tmp_path / _restored_name())
    assert not panel.restore.go.isEnabled()
    assert "backup file" in panel.restore.problems.text()
    scripted_dialogs.script(str(backup_file))
    qtbot.mouseClick(panel.restore.choose_backup_button, Qt.MouseButton.LeftButton)
    assert panel.restore.backup_file.text() == str(backup_file)
    assert panel.restore.user.text() == ""  # the backup names nobody; its one user needs no name
    assert "passphrase" in panel.restore.problems.text()
    panel.restore.passphrase.setText(PASSPHRASE)
    assert panel.restore.go.isEnabled()

    scripted_dialogs.script(None)  # the "restored" message
    with qtbot.waitSignal(shell.unlocked, timeout=30000):
        panel.restore.go.click()
        # The restore runs on the worker: the screen shows it is busy and takes no second click.
        assert shell.worker.busy
        assert not panel.progress.isHidden()
        assert "Restoring" in panel.status.text()
        assert not panel.restore.go.isEnabled()
    wait_idle(qtbot, shell)

    restored = tmp_path / _restored_name()
    assert shell.is_unlocked
    assert shell.folder == restored
    assert panel.where.text() == f"Vault: {restored}"
    assert panel.restore.passphrase.text() == "" and panel.passphrase.text() == ""
    kind, title, text = scripted_dialogs.history[-1]
    assert (kind, title) == ("info", "Backup restored")
    assert f"now using the vault in {restored}" in text
    assert f"The old folder {folder} was left untouched." in text
    assert shell.window.windowTitle() == "dv-forum"
    counted: list[int] = []
    shell.run(_count, on_done=counted.append)
    qtbot.waitUntil(lambda: counted == [MONTHS_IN_BACKUP], timeout=10000)
    actions: list[list[str]] = []
    shell.run(
        lambda v: [r[0] for r in v.conn.execute("SELECT action FROM audit ORDER BY id")], actions.append
    )
    qtbot.waitUntil(lambda: bool(actions), timeout=10000)
    after = actions[0][actions[0].index("restore") :]
    assert after[:2] == ["restore", "unlock"], actions
    assert actions[0].count("restore") == 1

    assert _digest(folder) == before  # the damaged folder was left untouched
    assert paths.remembered_vault_dir() == restored
    remembered = (tmp_path / "config" / paths.REMEMBERED_VAULT_NAME).read_bytes()
    assert remembered == str(restored).encode()  # the path only

    # Locking shows the restored folder; unlocking again opens it, not the damaged one.
    shell.lock()
    assert panel.where.text() == f"Vault: {restored}"
    unlock(qtbot, shell)
    assert shell.folder == restored


def test_restored_message_says_which_folder_and_that_the_old_one_is_untouched(
    qtbot, make_shell, backup_file, tmp_path, scripted_dialogs, monkeypatch
):
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    shell = make_shell(tmp_path / "vault")  # a folder given by the caller (like --vault)
    panel = shell.window.unlock
    _activate(qtbot, shell)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Restore from backup
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == RESTORE_PAGE)
    target = tmp_path / "elsewhere" / "restored"
    panel.restore.backup_file.setText(str(backup_file))
    panel.restore.folder.setText(str(target))
    panel.restore.passphrase.setText(PASSPHRASE)
    scripted_dialogs.script(None)
    with qtbot.waitSignal(shell.unlocked, timeout=30000):
        qtbot.keyClick(panel.restore.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, shell)
    assert shell.folder == target
    info = [h for h in scripted_dialogs.history if h[0] == "info"]
    assert info[-1][2] == (
        f"The backup was restored and checked. dv-forum is now using the vault in {target}\n\n"
        f"The old folder {tmp_path / 'vault'} was left untouched."
    )
    # The detail, how to open it next time, is not in the history: ask for it directly.
    from ui.launch_folder import remember_folder

    said = remember_folder(target, shell.folder_origin)
    assert said == f"To open it next time, start dv-forum with --vault {target}"
    assert paths.remembered_vault_dir() is None  # a folder the caller chose is not ours to remember
    assert Vault.exists(tmp_path / "vault")


def test_wrong_passphrase_says_so_and_leaves_no_new_folder(
    qtbot, make_shell, backup_file, tmp_path, scripted_dialogs
):
    shell = make_shell(tmp_path / "vault")
    panel = shell.window.unlock
    _activate(qtbot, shell)
    panel.restore_button.click()
    listing = sorted(p.name for p in tmp_path.iterdir())
    panel.restore.backup_file.setText(str(backup_file))
    panel.restore.passphrase.setText("not the passphrase it had")
    panel.restore.go.click()
    _wait_message(qtbot, shell)
    assert panel.message.text() == "Wrong passphrase or user name for this backup."
    assert "valid when the backup was made" in panel.next_step.text()
    assert panel.restore.passphrase.text() == ""
    assert panel.restore.passphrase.hasFocus()
    assert panel.pages.currentIndex() == RESTORE_PAGE  # the form stays for another try
    assert not shell.is_unlocked
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no folder, not even a hidden one
    assert not (tmp_path / _restored_name()).exists()
    # Back (Esc) returns to the passphrase and forgets the message.
    qtbot.keyClick(panel.restore.passphrase, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == UNLOCK_PAGE)
    assert panel.message.text() == ""


def test_a_file_that_is_not_a_backup_is_named_as_such(
    qtbot, make_shell, backup_file, tmp_path, scripted_dialogs
):
    junk = tmp_path / "minutes.pdf"
    junk.write_bytes(b"%PDF-1.4 not a backup" * 100)
    shell = make_shell(tmp_path / "vault")
    panel = shell.window.unlock
    panel.show_restore()
    scripted_dialogs.script(str(junk))
    panel.restore.choose_backup_button.click()
    panel.restore.passphrase.setText(PASSPHRASE)
    assert panel.restore.problems.text() == "That file is not a dv-forum backup."
    assert not panel.restore.go.isEnabled()
    # Had it been started anyway (the file changed after it was chosen), the core says the same.
    shell.restore(str(junk), str(tmp_path / "r"), "coord", PASSPHRASE)
    _wait_message(qtbot, shell)
    assert panel.message.text() == "That file is not a dv-forum backup."
    assert "Choose a backup file (.dvbak)" in panel.next_step.text()
    assert not (tmp_path / "r").exists()
    # A damaged backup is told apart from a file that is not one.
    data = bytearray(backup_file.read_bytes())
    for i in range(len(data) - 3000, len(data) - 2000):
        data[i] ^= 0xFF
    backup_file.write_bytes(bytes(data))
    panel.clear_message()
    shell.restore(str(backup_file), str(tmp_path / "r"), "coord", PASSPHRASE)
    _wait_message(qtbot, shell)
    assert "backup file is damaged" in panel.message.text()
    assert "older backup" in panel.next_step.text()
    assert not (tmp_path / "r").exists()


def test_a_folder_with_things_in_it_is_refused(qtbot, make_shell, backup_file, tmp_path, scripted_dialogs):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("keep me")
    shell = make_shell(tmp_path / "vault")
    panel = shell.window.unlock
    panel.show_restore()
    panel.restore.backup_file.setText(str(backup_file))
    panel.restore.passphrase.setText(PASSPHRASE)
    panel.restore.folder.setText(str(busy))
    assert "not empty" in panel.restore.problems.text()
    assert not panel.restore.go.isEnabled()
    panel.restore.folder.setText(str(tmp_path / "vault"))  # the vault itself, of course
    assert "outside the vault folder" in panel.restore.problems.text()
    panel.restore.folder.setText(str(tmp_path / "vault" / "inside"))  # nor a new folder inside it
    assert "outside the vault folder" in panel.restore.problems.text()
    assert not panel.restore.go.isEnabled()
    # Choosing a folder with things in it makes the new folder inside it instead.
    scripted_dialogs.script(str(busy))
    panel.restore.choose_folder_button.click()
    assert panel.restore.folder.text() == str(busy / _restored_name())
    assert panel.restore.go.isEnabled()
    # And the core refuses too, should the folder fill up after it was chosen.
    shell.restore(str(backup_file), str(busy), "coord", PASSPHRASE)
    _wait_message(qtbot, shell)
    assert "is not empty" in panel.message.text()
    assert "new, empty folder" in panel.next_step.text()
    assert sorted(p.name for p in busy.iterdir()) == ["keep.txt"]
    assert (busy / "keep.txt").read_text() == "keep me"


def test_settings_backup_note_points_to_the_restore_on_the_unlock_screen(qtbot, make_shell, tmp_path):
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    shell = make_shell(tmp_path / "vault")
    unlock(qtbot, shell)
    screen = shell.window.screen_for("settings")
    assert "Restore from backup… on the unlock screen" in screen.backup_note.text()


def test_the_app_opens_the_remembered_folder_unless_told_otherwise(tmp_path, monkeypatch):
    from ui.launch import parse_args, vault_folder

    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("DV_FORUM_VAULT", raising=False)
    restored = tmp_path / "restored"
    Vault.create(restored, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0].close()
    paths.remember_vault_dir(restored)
    assert vault_folder(parse_args([])) == (restored, "default")
    assert vault_folder(parse_args(["--vault", str(tmp_path / "other")])) == (tmp_path / "other", "option")
    monkeypatch.setenv("DV_FORUM_VAULT", str(tmp_path / "env"))
    assert vault_folder(parse_args([])) == (tmp_path / "env", "env")


def test_a_vault_made_by_the_first_run_wizard_in_its_own_folder_is_opened_next_time(
    qtbot, make_shell, tmp_path, monkeypatch
):
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    chosen = tmp_path / "elsewhere" / "vault"
    shell = make_shell(tmp_path / "vault", folder_origin="default")
    done: list[str] = []
    shell.create_vault(chosen, "coord", PASSPHRASE, done.append, lambda exc: done.append(f"error {exc}"))
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert not done[0].startswith("error")
    assert paths.default_vault_dir() == chosen
