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
        box.setCurrentText("no")
    assert form.save.isEnabled(), form.problems.text()
    form.save.click()
    assert ctx.errors == []
    text = screen.saved_note.text()
    assert text.startswith("Saved as ")
    ref = text.removeprefix("Saved as ")
    rows = screen.table.selectionModel().selectedRows()
    assert [screen.model.ref_at(r.row()) for r in rows] == [ref]
    assert screen.model.rowCount() == 4
