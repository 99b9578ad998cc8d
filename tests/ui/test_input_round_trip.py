"""Every field of the referral form, filled as a user would, saved, read back from the vault into
the form: the same values come back (dates in either of the typed forms)."""

from __future__ import annotations

from dv_forum.cases import referrals
from dv_forum.dates import parse_typed_date
from tests.ui.test_cases_screen import make
from ui.screens.cases.draft import form_state, form_values

VALUES = {
    "case_ref": "NWL-2026-0105",
    "referral_date": "10/01/2026",
    "incident_date": "06/01/2026",
    "heard_date": "",
    "victim_initials": "AJ",
    "victim_age": "34",
    "children": "2",
    "perp_age": "36",
    "previous_marac_date": "01/06/2025",
    "previous_marac_where": "Leicester",
    "idva": "IDVA 2",
    "pj_reason": "Threats to kill",
}


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return parse_typed_date(a) == parse_typed_date(b)
    except ValueError:
        return False


def test_every_referral_field_round_trips(qtbot, vault):
    ctx, screen = make(qtbot, vault)
    form = screen.form
    for k, v in VALUES.items():
        form.inputs[k].setText(v)
    for who in form.identity.values():
        who["surname"].setText("Jones")
        who["forename"].setText("Sam")
        who["dob"].setText("04/03/1981")
    for combo in form.combos.values():
        combo.setCurrentIndex(combo.count() - 1)
    for box in (*form.flags.values(), *form.criteria.values()):
        box.setChecked(True)
    form.notes.setPlainText("Line one\nLine two")
    for i, box in enumerate(form.checklist.boxes.values()):
        box.setCurrentText(("Yes", "No", "Don't know")[i % 3])
    before = form_state(form)
    assert form.save.isEnabled(), form.problems.text()
    form.save.click()
    assert ctx.errors == []
    assert screen.saved_note.text() == "Saved as NWL-2026-0105"
    screen._edit_loaded(referrals.get(vault, "NWL-2026-0105"))
    assert form_state(form) is None  # loaded as saved: nothing to keep as a draft
    after = form_values(form)
    for k, v in before["inputs"].items():
        assert _same(after["inputs"][k], v), (k, v, after["inputs"][k])
    assert after["combos"] == before["combos"]
    assert after["flags"] == before["flags"]
    assert sorted(after["criteria"]) == sorted(before["criteria"])
    assert after["notes"] == before["notes"]
    assert after["answers"] == before["answers"]
    assert after["instrument"] == before["instrument"]
