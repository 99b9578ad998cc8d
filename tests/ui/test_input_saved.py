"""After a save the screen says what was saved, by its reference, and the list selects it."""

from __future__ import annotations

from tests.ui.test_cases_screen import make, seed


def test_saved_referral_is_named_and_selected(qtbot, vault):
    seed(vault)
    ctx, screen = make(qtbot, vault)
    form = screen.form
    form.inputs["referral_date"].setText("10/01/2025")
    form.identity["victim"]["surname"].setText("Jones")
    form.identity["victim"]["forename"].setText("Ann")
    form.identity["victim"]["dob"].setText("04/03/1981")
    form.combos["area"].setCurrentText("Whitwick")
    for box in list(form.checklist.boxes.values()):
        box.setCurrentText("No")
    assert form.save.isEnabled(), form.problems.text()
    form.save.click()
    assert ctx.errors == []
    text = screen.saved_note.text()
    assert text.startswith("Saved as ")
    ref = text.removeprefix("Saved as ")
    rows = screen.table.selectionModel().selectedRows()
    assert [screen.model.ref_at(r.row()) for r in rows] == [ref]
    assert screen.model.rowCount() == 4


def _shell_with_typed_referral(qtbot, make_shell, tmp_path):
    from dv_forum.vault import Vault
    from tests.conftest import district_setup
    from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle

    vault = district_setup(Vault.create(tmp_path / "v", "coord", PASSPHRASE, kdf=FLOOR_KDF)[0])
    vault.close()
    shell = make_shell(tmp_path / "v")
    unlock(qtbot, shell)
    shell.window.show_screen("cases")
    wait_idle(qtbot, shell)
    form = shell.window.screen_for("cases").form
    assert form.unsaved.isHidden()
    form.inputs["victim_initials"].setText("AJ")
    assert not form.unsaved.isHidden()  # the marker shows as soon as something is typed
    return shell, form


def test_leaving_a_changed_form_asks_and_cancel_stays(qtbot, make_shell, tmp_path, scripted_dialogs):
    shell, form = _shell_with_typed_referral(qtbot, make_shell, tmp_path)
    scripted_dialogs.script("cancel")
    shell.window.show_screen("home")
    assert scripted_dialogs.history[-1][:2] == ("unsaved", "Unsaved referral")
    assert shell.window.current_key() == "cases"
    assert form.inputs["victim_initials"].text() == "AJ"
    scripted_dialogs.script("discard")
    shell.window.show_screen("home")
    assert shell.window.current_key() == "home"
    assert form.inputs["victim_initials"].text() == "" and form.unsaved.isHidden()


def test_save_on_leaving_a_form_with_problems_stays(qtbot, make_shell, tmp_path, scripted_dialogs):
    shell, form = _shell_with_typed_referral(qtbot, make_shell, tmp_path)
    scripted_dialogs.script("save")  # no referral date yet: it cannot be saved
    shell.window.show_screen("home")
    assert shell.window.current_key() == "cases"
    assert "Referral date" in form.problems.text()
