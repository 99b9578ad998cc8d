"""The referral form reads like the SafeLives referral form: sections in its order, every field in
exactly one of them, and choices in words (Female, Don't know) while the codes are what is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox

from dv_forum.cases import dash
from ui.screens.cases.dash_checklist import DashChecklist
from ui.screens.cases.form import ReferralForm
from ui.screens.cases.form_sections import FLAG_GROUPS, SECTIONS


def _form(qtbot) -> ReferralForm:
    form = ReferralForm(["Coalville", "Ashby de la Zouch"], ["Police", "Health"])
    qtbot.addWidget(form)
    return form


def test_sections_follow_the_referral_form_and_hold_every_field_once(qtbot):
    form = _form(qtbot)
    titles = [g.title() for g in form.findChildren(QGroupBox) if g.objectName().startswith("section ")]
    assert titles == [title for title, _ in SECTIONS]
    assert titles[:3] == ["Referral", "Victim", "Perpetrator"]
    placed = [key for _, keys in SECTIONS for key in keys]
    assert len(placed) == len(set(placed))
    fields = set(form.inputs) | set(form.combos)
    flags = {name for _, names in FLAG_GROUPS.values() for name in names}
    assert fields <= set(placed) and flags == set(form.flags)
    assert {f"flags:{g}" for g in FLAG_GROUPS} <= set(placed)


def test_choices_are_in_words_and_save_their_codes(qtbot):
    form = _form(qtbot)
    gender = form.combos["victim_gender"]
    assert [gender.itemText(i) for i in range(gender.count())] == ["", "Female", "Male", "Another gender (X)"]
    gender.setCurrentText("Female")
    form.combos["referrer_repeat"].setCurrentText("No")
    form.combos["perp_relationship"].setCurrentText("Ex partner")
    raw = form.raw()
    assert (raw["victim_gender"], raw["referrer_repeat"], raw["perp_relationship"]) == (
        "F",
        "N",
        "ex_partner",
    )
    box = next(iter(form.checklist.boxes.values()))
    assert [box.itemText(i) for i in range(box.count())] == ["", "Yes", "No", "Don't know"]
    box.setCurrentText("Don't know")
    assert set(form.checklist.answers().values()) == {"dk"}
    # Localities and agencies are the partnership's own names, shown exactly as set up.
    area = form.combos["area"]
    assert area.itemText(2) == "Ashby de la Zouch"


def test_a_saved_case_shows_its_codes_as_words(qtbot):
    form = _form(qtbot)
    form.load(
        {
            "case_ref": "X-1",
            "referral_date": "2026-01-05",
            "victim_gender": "F",
            "perp_gender": "M",
            "referrer_repeat": 0,
            "dash_answers": {next(iter(form.checklist.boxes)): "dk"},
        }
    )
    assert form.combos["victim_gender"].currentText() == "Female"
    assert form.combos["perp_gender"].currentText() == "Male"
    assert form.combos["referrer_repeat"].currentText() == "No"
    assert next(iter(form.checklist.boxes.values())).currentText() == "Don't know"


def test_the_dash_score_stays_in_view_below_the_scrolling_form(qtbot):
    form = _form(qtbot)
    assert form.score_bar.text() == "DASH Score 0 of 24: not yet answered"
    for box in list(form.checklist.boxes.values())[:14]:
        box.setCurrentText("Yes")
    assert form.score_bar.text().startswith("DASH Score 14 of 24: high")
    # Outside the scroll area: never scrolled away with the questions.
    from PySide6.QtWidgets import QScrollArea

    assert not form.findChild(QScrollArea).isAncestorOf(form.score_bar)


def test_a_case_opened_to_edit_is_unchanged_until_something_is_changed(qtbot):
    form = _form(qtbot)
    form.load({"case_ref": "X-1", "referral_date": "2026-01-05", "victim_gender": "F", "notes": "as saved"})
    assert not form.has_input() and not form.unsaved.isVisibleTo(form)  # leaving asks nothing
    form.combos["victim_gender"].setCurrentText("Male")
    assert form.has_input()


def test_gender_reads_in_words_in_the_details_and_the_household():
    from dv_forum.cases.household import perpetrator_line
    from ui.screens.cases.details import detail_rows

    rows = dict(detail_rows({"case_ref": "X-1", "victim_gender": "F", "perp_gender": "X"}))
    assert rows["Victim gender"] == "Female" and rows["Perpetrator gender"] == "Another gender (X)"
    line = perpetrator_line({"n": 2, "gender": "M", "age": 30, "under18": False, "relationship": "partner"})
    assert line.startswith("2. gender Male;")


def test_an_answer_to_a_retired_question_is_shown_kept_and_scored(qtbot) -> None:
    """Opening a case answered on an earlier police checklist shows the answer the current one no
    longer asks, keeps it on save and counts it in the score, so editing never changes the band."""
    checklist = DashChecklist(dash.instruments()["police-27"])
    qtbot.addWidget(checklist)
    checklist.set_answers({"injury": "yes", "children_fearful": "yes"})
    assert checklist.kept_label.isVisibleTo(checklist)
    assert "frightened" in checklist.kept_label.text() and "Yes" in checklist.kept_label.text()
    assert checklist.answers() == {"injury": "yes", "children_fearful": "yes"}
    assert checklist.score_label.text().startswith("Score 2 of 27")
    checklist.set_answers(None)
    assert not checklist.kept_label.isVisibleTo(checklist) and checklist.answers() is None
