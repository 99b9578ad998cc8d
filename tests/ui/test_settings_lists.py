"""Settings > Lists: a coordinator adds, renames (records follow) and retires a locality from the
screen, as `dv-forum lists` does; the partnership's settings sit under Partnership."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum import lists
from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from dv_forum.vault import Vault
from tests.conftest import district_setup
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault = district_setup(Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)[0])
    referrals.create(
        vault, {"referral_date": "2026-01-05", "area": "Measham"}, Identity("A", "B", "1980-01-01")
    )
    vault.close()
    return tmp_path / "vault"


def shown(panel) -> list[str]:  # type: ignore[no-untyped-def]
    return [panel.values.item(i).text() for i in range(panel.values.count())]


def choose(panel, value: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, e in enumerate(panel.entries) if e.value == value)
    panel.values.setCurrentRow(row)


def test_add_rename_and_retire_a_locality_from_the_screen(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("settings")
    panel = shell.window.screen_for("settings").lists_panel
    wait_idle(qtbot, shell)
    assert panel.isVisibleTo(shell.window) and "Coalville" in shown(panel)

    scripted_dialogs.script("Eastfield")
    panel.add_button.click()
    wait_idle(qtbot, shell)
    assert "Eastfield" in shown(panel)

    choose(panel, "Measham")
    scripted_dialogs.script("Measham Town")
    panel.rename_button.click()
    wait_idle(qtbot, shell)
    assert "Measham Town   also read as: Measham" in shown(panel)

    choose(panel, "Eastfield")
    scripted_dialogs.script(True)
    panel.retire_button.click()
    wait_idle(qtbot, shell)
    assert "Eastfield  (retired)" in shown(panel)

    shell.lock()
    wait_idle(qtbot, shell)
    vault = Vault.open(folder, "coord", PASSPHRASE)
    try:
        area = vault.conn.execute("SELECT area FROM referrals").fetchone()[0]
        assert area == "Measham Town"  # the record followed the rename
        assert "Eastfield" not in lists.get_list(vault.conn, "locality")
    finally:
        vault.close()


def test_a_refused_change_says_why_and_changes_nothing(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("settings")
    panel = shell.window.screen_for("settings").lists_panel
    wait_idle(qtbot, shell)
    scripted_dialogs.script("coalville", None)  # an existing value; then the error's OK
    panel.add_button.click()
    wait_idle(qtbot, shell)
    assert any("already a locality" in text for _k, _t, text in scripted_dialogs.history)
    assert shown(panel).count("Coalville") == 1


def test_the_partnership_settings_are_grouped(qtbot, make_shell, folder):  # type: ignore[no-untyped-def]
    from ui.screens.settings.vault_settings import section_of

    assert section_of("partnership.name") == section_of("transfer.marac_name") == "Partnership"


def test_backups_default_to_a_dated_name_and_new_users_to_the_least_powerful_role(  # type: ignore[no-untyped-def]
    qtbot, make_shell, folder, scripted_dialogs
):
    from datetime import date

    from ui.screens.settings.users import AddUserDialog

    shell = make_shell(folder)
    unlock(qtbot, shell)
    settings = shell.window.screen_for("settings")
    scripted_dialogs.script(None)  # cancel the file chooser
    settings.backup()
    kind, _title, start = scripted_dialogs.history[-1]
    assert kind == "save_file" and start.endswith(f"dv-forum-{date.today().isoformat()}.dvbak")
    dialog = AddUserDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.role.currentData() == "outreach"
