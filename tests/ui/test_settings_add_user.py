"""Settings > Users > Add user, driven as a coordinator would (no test-only branch in the screen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.screens.settings import AddUserDialog

ONE_TIME = "a one-time passphrase for ann"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    return tmp_path / "vault"


def test_the_dialog_returns_what_was_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AddUserDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("ann")
    dialog.role.setCurrentIndex(dialog.role.findData("outreach"))
    dialog.temp.setText(ONE_TIME)
    dialog.mine.setText(PASSPHRASE)
    assert dialog.values() == {"name": "ann", "role": "outreach", "temp": ONE_TIME, "mine": PASSPHRASE}
    assert dialog.temp.text() == dialog.mine.text() == ""  # passphrases are not kept in the widgets


def test_add_user_adds_and_lists_them(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.navigate("settings")
    screen = shell.window.screen_for("settings")
    wait_idle(qtbot, shell)
    scripted_dialogs.script({"name": "ann", "role": "outreach", "temp": ONE_TIME, "mine": PASSPHRASE}, None)
    screen.add_user_button.click()
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1][:2] == ("info", "Users")
    assert "ann was added" in scripted_dialogs.history[-1][2]
    names = [screen.users_model.index(r, 0).data() for r in range(screen.users_model.rowCount())]
    assert "ann" in names
    # She can unlock with the one-time passphrase (and must change it).
    shell.lock()
    wait_idle(qtbot, shell)
    ann = Vault.open(folder, "ann", ONE_TIME)
    try:
        assert ann.user.must_change
    finally:
        ann.close()


def test_a_wrong_own_passphrase_adds_nobody(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    screen = shell.window.screen_for("settings")
    wait_idle(qtbot, shell)
    scripted_dialogs.script(
        {"name": "bea", "role": "chair", "temp": ONE_TIME, "mine": "not mine at all"}, None
    )
    screen.add_user_button.click()
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1][0] == "warning"
    names = [screen.users_model.index(r, 0).data() for r in range(screen.users_model.rowCount())]
    assert "bea" not in names


def test_a_one_time_passphrase_must_be_changed_before_anything_else(  # type: ignore[no-untyped-def]
    qtbot, make_shell, folder, scripted_dialogs
):
    coord = Vault.open(folder, "coord", PASSPHRASE)
    try:
        coord.add_user("ann", "outreach", ONE_TIME, PASSPHRASE)
    finally:
        coord.close()
    shell = make_shell(folder)
    scripted_dialogs.script(None)  # she cancels the "Choose your own passphrase" question
    unlock(qtbot, shell, "ann", ONE_TIME)
    qtbot.waitUntil(lambda: not shell.is_unlocked, timeout=10000)
    assert scripted_dialogs.history[0][1] == "Choose your own passphrase"
    assert shell.window.unlock.isVisible() or not shell.is_unlocked
    ann = Vault.open(folder, "ann", ONE_TIME)
    try:
        assert ann.user.must_change  # still one-time: cancelling changed nothing
    finally:
        ann.close()


def test_remove_user_removes_them_for_good(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    from dv_forum.errors import WrongPassphrase

    v = Vault.open(folder, "coord", PASSPHRASE)
    v.add_user("ann", "outreach", ONE_TIME, PASSPHRASE)
    v.close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.navigate("settings")
    screen = shell.window.screen_for("settings")
    wait_idle(qtbot, shell)
    names = [screen.users_model.index(r, 0).data() for r in range(screen.users_model.rowCount())]
    screen.users_table.selectRow(names.index("ann"))
    scripted_dialogs.script(True, PASSPHRASE, None)  # sure?, your passphrase, the new keys
    screen.remove_user_button.click()
    wait_idle(qtbot, shell)
    kind, title, text = scripted_dialogs.history[-1]
    assert (kind, title) == ("info", "Users") and "ann was removed" in text
    names = [screen.users_model.index(r, 0).data() for r in range(screen.users_model.rowCount())]
    assert names == ["coord"]
    shell.lock()
    wait_idle(qtbot, shell)
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "ann", ONE_TIME)


def test_a_new_one_time_passphrase_for_a_user(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    v = Vault.open(folder, "coord", PASSPHRASE)
    v.add_user("ann", "outreach", ONE_TIME, PASSPHRASE)
    v.close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.navigate("settings")
    screen = shell.window.screen_for("settings")
    wait_idle(qtbot, shell)
    names = [screen.users_model.index(r, 0).data() for r in range(screen.users_model.rowCount())]
    screen.users_table.selectRow(names.index("ann"))
    scripted_dialogs.script("another one-time phrase", PASSPHRASE, None)
    screen.reset_user_button.click()
    wait_idle(qtbot, shell)
    assert "ann has a new one-time passphrase" in scripted_dialogs.history[-1][2]
    shell.lock()
    wait_idle(qtbot, shell)
    ann = Vault.open(folder, "ann", "another one-time phrase")
    try:
        assert ann.user.must_change
    finally:
        ann.close()
