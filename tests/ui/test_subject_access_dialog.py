"""A subject access request from the app: found by the identity typed once, the report saved as a
PDF, and (for a coordinator) erased with a reason; the identity never stays in the dialog."""

from __future__ import annotations

from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from tests.ui.screen_ctx import SyncContext
from ui import dialogs
from ui.screens.cases.subject_dialog import SubjectDialog

JANE = Identity("Doe", "Jane", "1990-01-01")


def _dialog(qtbot, vault) -> tuple[SyncContext, SubjectDialog]:
    ctx = SyncContext(vault)
    dialog = SubjectDialog(None, ctx, can_erase=True)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return ctx, dialog


def _type_jane(dialog: SubjectDialog) -> None:
    for part, value in (("surname", "doe"), ("forename", "JANE"), ("dob", "01/01/1990")):
        dialog.fields[part].setText(value)
        dialog.fields[part].textEdited.emit(value)


def test_find_save_and_erase(qtbot, vault, tmp_path):
    refs = [
        referrals.create(vault, {"referral_date": day, "victim_initials": "JD"}, JANE)
        for day in ("2026-01-05", "2026-05-05")
    ]
    referrals.create(
        vault, {"referral_date": "2026-02-05", "victim_initials": "AB"}, Identity("Bee", "Ann", "1985-02-02")
    )
    ctx, dialog = _dialog(qtbot, vault)
    assert not dialog.save_button.isEnabled() and not dialog.erase_button.isEnabled()
    _type_jane(dialog)
    dialog.find_button.click()
    assert not ctx.errors
    assert dialog.outcome.text().startswith("2 case(s) hold this person as the victim")
    assert all(ref in dialog.outcome.text() for ref in refs)
    out = tmp_path / "sar.pdf"
    dialogs.script(out, None)
    dialog.save_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    dialogs.script(True, "Request received by letter")
    dialog.erase_button.click()
    assert not ctx.errors and dialog.outcome.text().startswith("Done: 2 case(s) changed")
    dialog.find_button.click()
    assert dialog.outcome.text().startswith("No case holds this person as the victim")
    left = vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0]
    assert left == 1  # Ann's case stays
    dialog.reject()
    assert all(edit.text() == "" for edit in dialog.fields.values())  # nothing typed is left


def test_changing_the_identity_forgets_the_last_answer(qtbot, vault):
    referrals.create(vault, {"referral_date": "2026-01-05"}, JANE)
    ctx, dialog = _dialog(qtbot, vault)
    _type_jane(dialog)
    dialog.find_button.click()
    assert dialog.erase_button.isEnabled()
    dialog.fields["surname"].setText("Smith")
    dialog.fields["surname"].textEdited.emit("Smith")
    assert not dialog.erase_button.isEnabled() and not dialog.save_button.isEnabled()
