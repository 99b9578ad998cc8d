"""Freedom Programme screen: models pass qtmodeltester, the grid is marked from the keyboard,
an outreach worker can mark but not set up, and clear() drops every code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from dv_forum.freedom import attendance, cohorts, participants
from tests.ui.screen_ctx import SyncContext


@pytest.fixture
def data(vault):
    code = cohorts.create_cohort(
        vault, "V01", date.today() - timedelta(days=7), "10:00", code="FP-26-S1", capacity=4
    )
    codes = [participants.add_participant(vault, code=f"P-S{i}1") for i in range(3)]
    for p in codes:
        participants.enrol(vault, code, p, date(2026, 1, 1))
    attendance.record_attendance(vault, code, 1, {codes[0]: "present", codes[1]: "absent"})
    waiting = participants.add_participant(vault, code="P-W01", creche_need=True)
    participants.add_to_waiting(vault, waiting)
    return code, codes


def make(qtbot, vault):
    from ui.screens.freedom import FreedomScreen

    ctx = SyncContext(vault)
    screen = FreedomScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def test_models_pass_the_model_tester(qtbot, qtmodeltester, vault, data):
    _, screen = make(qtbot, vault)
    assert screen.cohorts_model.rowCount() == 1 and screen.enrolment.waiting_model.rowCount() == 1
    assert screen.register.grid_model.rowCount() == 3 and screen.register.grid_model.columnCount() == 13
    for model in (
        screen.cohorts_model,
        screen.register.grid_model,
        screen.register.calls_model,
        screen.enrolment.waiting_model,
    ):
        qtmodeltester.check(model)


def test_attendance_marked_from_the_keyboard(qtbot, vault, data):
    code, codes = data
    _, screen = make(qtbot, vault)
    screen.tabs.setCurrentIndex(1)
    screen.show()
    view = screen.register.grid_view
    # The grid opens on the first session not yet held: session 2, first participant.
    assert view.currentIndex().column() == 1 and view.currentIndex().row() == 0
    view.setFocus()
    for key in (Qt.Key.Key_P, Qt.Key.Key_A, Qt.Key.Key_X):
        qtbot.keyClick(view, key)
    g = attendance.grid(vault, code)
    assert [r.marks.get(2) for r in g.rows] == ["present", "apologies", "absent"]
    assert screen.register.calls_model.rowCount() == 3  # session 1's absence and session 2's two misses
    assert screen.register.grid_model.data(screen.register.grid_model.index(0, 1)) == "P"
    # Delete clears a mark (and its unmade call).
    view.setCurrentIndex(screen.register.grid_model.index(2, 1))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert attendance.grid(vault, code).rows[2].marks.get(2) is None
    assert screen.register.calls_model.rowCount() == 2


def test_follow_up_call_recorded_from_the_screen(qtbot, vault, data):
    code, _ = data
    _, screen = make(qtbot, vault)
    screen.register.calls_view.selectRow(0)
    screen.register.outcome.setCurrentText("no answer")
    screen.register.record_call()
    assert attendance.follow_ups(vault, code) == []


def test_enrolment_from_the_waiting_list(qtbot, vault, data):
    code, _ = data
    ctx, screen = make(qtbot, vault)
    screen.enrolment.enrol_choice.setCurrentText(code)
    screen.enrolment.offer()  # the cohort has no creche, so she is passed over
    assert "0 place(s) offered" in screen.status.text()
    screen.enrolment.waiting_view.selectRow(0)
    screen.enrolment.enrol_selected()
    assert "Enrolled from session 2" in screen.status.text()
    assert screen.enrolment.waiting_model.rowCount() == 0
    screen.enrolment.p_code.setText("P-N01")
    screen.enrolment.p_source.setText("Self")
    screen.enrolment.add_participant()
    assert screen.enrolment.waiting_model.rowCount() == 1 and ctx.errors == []


def test_outreach_worker_marks_but_cannot_set_up(qtbot, vault_factory, data):
    code, codes = data
    ann = vault_factory(role="outreach", name="ann")
    ctx, screen = make(qtbot, ann)
    assert not screen.cohort_form.isVisibleTo(screen) and not screen.enrolment.offer_button.isEnabled()
    screen.register.grid_view.setCurrentIndex(screen.register.grid_model.index(2, 1))
    screen.register.mark_current("present")
    assert attendance.grid(ann, code).rows[2].marks[2] == "present" and ctx.errors == []


def test_summary_pdf_and_new_cohort(qtbot, vault, data, tmp_path):
    _, screen = make(qtbot, vault)
    screen.cohorts_view.selectRow(0)
    screen.save_summary(tmp_path / "s.pdf")
    assert (tmp_path / "s.pdf").exists() and "Summary saved" in screen.status.text()
    screen.cohort_form.venue.setText("V02")
    screen.cohort_form.session_list.setCurrentIndex(1)
    screen.cohort_form.set_up()
    assert screen.cohorts_model.rowCount() == 2


def test_clear_drops_every_code(qtbot, vault, data):
    _, screen = make(qtbot, vault)
    screen.clear()
    for model in (
        screen.cohorts_model,
        screen.register.grid_model,
        screen.register.calls_model,
        screen.enrolment.waiting_model,
    ):
        assert model.rowCount() == 0
    assert screen.register.grid_choice.count() == 0 and screen.enrolment.enrol_choice.count() == 0


def test_the_waiting_list_shows_the_longest_waiting_first(qtbot, vault):
    later = participants.add_participant(vault, code="P-A01")
    earlier = participants.add_participant(vault, code="P-Z01")
    participants.add_to_waiting(vault, later, date(2026, 3, 1))
    participants.add_to_waiting(vault, earlier, date(2026, 1, 5))
    _, screen = make(qtbot, vault)
    view = screen.enrolment.waiting_view
    shown = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert shown == ["P-Z01", "P-A01"]  # by waiting since, not by code


def test_marking_a_session_that_has_not_come_yet_asks_first(qtbot, vault, data, scripted_dialogs):
    code, codes = data
    _, screen = make(qtbot, vault)
    screen.tabs.setCurrentIndex(1)
    view, model = screen.register.grid_view, screen.register.grid_model
    future = next(i for i, s in enumerate(model.sessions) if s["date"] > date.today().isoformat())
    view.setCurrentIndex(model.index(0, future))
    scripted_dialogs.script(False)  # no: it was the wrong column
    screen.register.mark_current("present")
    [(kind, _title, text)] = scripted_dialogs.history
    assert kind == "question" and "has not come yet" in text
    assert attendance.grid(vault, code).rows[0].marks.get(model.sessions[future]["number"]) is None
