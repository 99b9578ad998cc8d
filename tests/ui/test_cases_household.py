"""The referral form's Children and Further perpetrators tables: add, save, reload, read back."""

from __future__ import annotations

from dv_forum.cases import case_list, referrals
from dv_forum.cases.linkage import Identity
from tests.ui.test_cases_screen import make


def _fill_new(form) -> None:
    form.inputs["referral_date"].setText("10/01/2025")
    form.inputs["victim_age"].setText("17")
    for part, value in (("surname", "Smith"), ("forename", "Jane"), ("dob", "04/03/2008")):
        form.identity["victim"][part].setText(value)
    for part, value in (("surname", "Brown"), ("forename", "Mark"), ("dob", "1975-01-02")):
        form.identity["perpetrator"][part].setText(value)
    form.combos["perp_relationship"].setCurrentText("Partner")


def test_child_and_second_perpetrator_saved_reloaded_and_read_back(qtbot, vault):
    ctx, screen = make(qtbot, vault)
    form, panel = screen.form, screen.form.household
    _fill_new(form)
    panel.child_age.setText("4")
    panel.child_to_victim.setCurrentText("Step child")
    panel.child_to_perp.setCurrentText("Not related")
    panel.child_care.setCurrentText("Yes")
    panel.add_child_button.click()
    panel.child_age.setText("twelve")
    panel.add_child_button.click()  # refused, with a reason, and nothing added
    assert "age" in panel.problem.text() and panel.child_table.rowCount() == 1
    panel.perp_identity["source_id"].setText("POL-991")
    panel.perp_gender.setCurrentText("Male")
    panel.perp_age.setText("16")
    panel.perp_relationship.setCurrentText("Family")
    panel.add_perp_button.click()
    assert panel.perp_identity["source_id"].text() == ""  # the identity is not left on screen
    assert panel.perp_table.item(0, 0).text() == "new"
    assert form.save.isEnabled(), form.problems.text()
    form.save.click()
    assert ctx.errors == []
    assert "children's social care" in screen.saved_note.text()  # a 17-year-old victim
    ref = case_list.list_cases(vault)[0]["case_ref"]
    case = referrals.get(vault, ref)
    assert case["children"] == 1 and case["children_ages"] == ["0-4"]
    # Reload into the form: the same values come back, and saving again keeps them.
    screen._edit_loaded(case)
    assert [panel.child_table.item(0, c).text() for c in range(4)] == [
        "4",
        "step_child",
        "not_related",
        "yes",
    ]
    assert [panel.perp_table.item(0, c).text() for c in range(4)] == ["2", "M", "16", "family"]
    assert form.combos["perp_relationship"].currentText() == "Partner"
    form.inputs["idva"].setText("IDVA 2")
    form.save.click()
    again = referrals.get(vault, ref)
    assert again["child_records"] == case["child_records"] and again["perpetrators"] == case["perpetrators"]
    assert [p["relationship"] for p in again["perpetrators"]] == ["partner", "family"]
    # Remove both in the form and save: the records go, the count follows.
    screen._edit_loaded(again)
    panel.child_table.selectRow(0)
    panel.remove_child_button.click()
    panel.perp_table.selectRow(0)
    panel.remove_perp_button.click()
    form.save.click()
    last = referrals.get(vault, ref)
    assert last["children"] == 0 and [p["n"] for p in last["perpetrators"]] == [1]


def test_case_details_show_the_household_and_the_serial_flag(qtbot, vault):
    v1, v2, p = (
        Identity("Smith", "Jane", "04/03/1980"),
        Identity("Jones", "Ann", "1985-06-07"),
        Identity(source_id="P-1"),
    )
    a = referrals.create(vault, {"referral_date": "2025-01-10"}, v1, p)
    referrals.create(vault, {"referral_date": "2025-03-10"}, v2, p)
    _, screen = make(qtbot, vault)
    screen.open_case(a)
    text = screen.detail.toPlainText()
    assert "Serial perpetrator" in text and "1. gender not recorded; age not recorded" in text


def test_the_form_fits_a_small_screen(qtbot, vault):
    _, screen = make(qtbot, vault)
    # The household tables sit inside the form's scroll area: the form still fits 1366x768.
    hint = screen.form.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    assert screen.form.household.minimumSizeHint().width() <= 1366
