"""What a coordinator (and the chair) notices on the MARAC screen's editing controls: minutes per
case, observers, scheduling a series and editing a meeting, the calendar, the pack's statement."""

from datetime import date

from PySide6.QtCore import QDate, Qt

from dv_forum.areas import Area
from dv_forum.dates import shown
from dv_forum.marac import meetings, minutes
from dv_forum.marac.settings import confidentiality_statement, default_statement
from tests.marac.conftest import (  # noqa: F401
    insert_referral,  # noqa: F401  (fixtures below)
    populated,
    referral,
)
from tests.ui.screen_ctx import SyncContext


def _screen(qtbot, vault):
    from ui.screens.marac import MaracScreen

    ctx = SyncContext(vault)
    screen = MaracScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return screen, ctx


def _show(qtbot, screen):
    """Keyboard shortcuts need a shown, active window."""
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)


def _select(screen, iso):
    for i in range(screen.meetings.list.count()):
        if screen.meetings.list.item(i).text().split()[1] == shown(iso):
            screen.meetings.list.setCurrentRow(i)
            return
    raise AssertionError(iso)


def _audit_actions(vault):
    return [r[0] for r in vault.conn.execute("SELECT action FROM audit ORDER BY id")]


def test_typing_minutes_and_saving_stores_them(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _show(qtbot, screen)
    _select(screen, "2026-03-12")
    screen.agenda.table.setCurrentCell(1, 0)
    panel = screen.agenda.minutes
    rid = screen.agenda.cases[1].referral_id
    assert panel.referral_id == rid and not panel.info_edit.isReadOnly()
    assert panel.info_left.text() == f"{minutes.MAX_MINUTES} characters left"
    panel.info_edit.setFocus()
    qtbot.keyClicks(panel.info_edit, "Police: two callouts")
    assert panel.info_left.text() == f"{minutes.MAX_MINUTES - 20} characters left"
    panel.summary_edit.setPlainText("Controlling behaviour, recent separation.")
    qtbot.keyClick(panel.info_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not ctx.errors
    assert minutes.get_minutes(vault, populated["next"].id)[rid] == "Police: two callouts"
    assert screen.agenda.cases[1].summary == "Controlling behaviour, recent separation."
    assert any(Area.MARAC in c for c in ctx.changes)
    assert "marac.minutes.edit" in _audit_actions(vault)
    # Back on the case after looking at another, the saved text is shown.
    screen.agenda.table.setCurrentCell(0, 0)
    assert panel.info_edit.toPlainText() == ""
    screen.agenda.table.setCurrentCell(1, 0)
    assert panel.info_edit.toPlainText() == "Police: two callouts"


def test_minutes_box_stops_at_the_core_limit(qtbot, vault, populated):  # noqa: F811
    screen, _ = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    screen.agenda.table.setCurrentCell(0, 0)
    panel = screen.agenda.minutes
    panel.info_edit.setPlainText("x" * (minutes.MAX_MINUTES + 50))
    assert len(panel.info_edit.toPlainText()) == minutes.MAX_MINUTES
    assert panel.info_left.text() == "0 characters left"


def test_moving_to_another_case_keeps_unsaved_minutes(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    screen.agenda.table.setCurrentCell(2, 0)
    rid = screen.agenda.cases[2].referral_id
    screen.agenda.minutes.info_edit.setPlainText("IDVA: safety plan in place")
    screen.agenda.table.setCurrentCell(3, 0)
    assert not ctx.errors
    assert minutes.get_minutes(vault, populated["next"].id)[rid] == "IDVA: safety plan in place"


def test_approved_meeting_makes_minutes_read_only(qtbot, vault, populated, scripted_dialogs):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select(screen, "2026-02-26")  # held in the fixture
    scripted_dialogs.script(True)  # approving asks first
    screen.meetings.approve_button.click()
    assert not ctx.errors
    screen.agenda.table.setCurrentCell(0, 0)
    panel = screen.agenda.minutes
    assert panel.info_edit.isReadOnly() and panel.summary_edit.isReadOnly()
    assert not panel.save_button.isEnabled()
    assert "approved" in panel.note.text()
    assert not screen.attendance.observers.add_button.isEnabled()
    assert not screen.meetings.details_button.isEnabled()


def test_chair_reads_minutes_but_cannot_edit(qtbot, vault, vault_factory, populated):  # noqa: F811
    mid = populated["next"].id
    rid = populated["new"][0]
    minutes.set_minutes(vault, mid, rid, "Shared by police")
    chair = vault_factory(role="chair")
    screen, _ = _screen(qtbot, chair)
    _select(screen, "2026-03-12")
    row = next(i for i, c in enumerate(screen.agenda.cases) if c.referral_id == rid)
    screen.agenda.table.setCurrentCell(row, 0)
    panel = screen.agenda.minutes
    assert panel.info_edit.toPlainText() == "Shared by police"
    assert panel.info_edit.isReadOnly() and not panel.save_button.isEnabled()
    assert "coordinator" in panel.save_button.toolTip()
    for button in (
        screen.meetings.series_button,
        screen.meetings.details_button,
        screen.attendance.observers.add_button,
    ):
        assert not button.isEnabled() and "coordinator" in button.toolTip()
    assert not screen.pack.statement.save_button.isEnabled()
    assert screen.pack.statement.edit.isReadOnly()
    assert screen.pack.preview_button.isEnabled()


def test_observers_add_toggle_signed_and_remove(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    _show(qtbot, screen)
    screen.tabs.setCurrentIndex(1)
    obs = screen.attendance.observers
    assert obs.table.rowCount() == 1 and obs.table.item(0, 2).text() == "Signed"
    obs.name_edit.setText("A Visitor")
    obs.org_edit.setText("Council scrutiny")
    qtbot.keyClick(obs.org_edit, Qt.Key.Key_Return)
    assert not ctx.errors
    assert obs.table.rowCount() == 2
    assert obs.table.item(1, 0).text() == "A Visitor"
    assert obs.table.item(1, 2).text() == "NOT signed"
    assert obs.name_edit.text() == ""
    obs.table.setFocus()
    obs.table.selectRow(1)
    qtbot.keyClick(obs.table, Qt.Key.Key_Space)
    assert obs.table.item(1, 2).text() == "Signed"
    obs.table.selectRow(1)
    qtbot.keyClick(obs.table, Qt.Key.Key_Delete)
    assert obs.table.rowCount() == 1
    actions = _audit_actions(vault)
    for a in ("marac.observer.add", "marac.observer.edit", "marac.observer.remove"):
        assert a in actions


def test_series_creates_n_meetings(qtbot, vault, populated, scripted_dialogs):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    before = screen.meetings.list.count()
    scripted_dialogs.script(
        {
            "start": "2026-04-02",
            "pattern": "fortnightly",
            "count": 5,
            "weekday": 3,
            "venue": "CV-HUB",
            "chair": "DI Chair",
        }
    )
    screen.meetings.series_button.click()
    assert not ctx.errors
    assert screen.meetings.list.count() == before + 5
    made = [m for m in meetings.list_meetings(vault) if m.date >= "2026-04-02"]
    assert [m.date for m in made] == [
        "2026-04-02",
        "2026-04-16",
        "2026-04-30",
        "2026-05-14",
        "2026-05-28",
    ]
    assert all(m.venue == "CV-HUB" and m.series_id for m in made)
    assert "5 meetings scheduled" in screen.meetings.schedule_note.text()


def test_series_dialog_counts_until_a_date(qtbot):
    from ui.screens.marac.meeting_dialog import SeriesDialog

    dialog = SeriesDialog(start=date(2026, 4, 1))
    qtbot.addWidget(dialog)
    dialog.pattern.setCurrentIndex(1)  # monthly
    dialog.weekday.setCurrentIndex(3)  # Thursday
    dialog.by_until.setChecked(True)
    dialog.until.setDate(QDate(2026, 7, 31))
    values = dialog.values()
    assert values["pattern"] == "monthly" and values["count"] == 4
    assert values["start"] == "2026-04-02"
    assert "4 meetings" in dialog.preview.text()


def test_edit_venue_and_chair(qtbot, vault, populated, scripted_dialogs):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    scripted_dialogs.script({"venue": "TOWN-HALL", "chair": "DCI New"})
    screen.meetings.details_button.click()
    assert not ctx.errors
    m = meetings.get_meeting(vault, "2026-03-12")
    assert (m.venue, m.chair) == ("TOWN-HALL", "DCI New")
    assert "TOWN-HALL" in screen.meetings.meeting_info.text()
    # A bad venue (an address) is refused with the core's message, nothing changes.
    scripted_dialogs.script({"venue": "12, High Street", "chair": "DCI New"})
    screen.meetings.details_button.click()
    assert ctx.errors and "venue" in str(ctx.errors[-1]).lower()


def test_calendar_highlights_and_click_selects_meeting(qtbot, vault, populated):  # noqa: F811
    screen, _ = _screen(qtbot, vault)
    cal = screen.meetings.calendar
    fmt = cal.dateTextFormat(QDate(2026, 2, 26))
    assert fmt.fontWeight() > 400  # bold
    assert cal.dateTextFormat(QDate(2026, 2, 27)).fontWeight() <= 400
    cal.clicked.emit(QDate(2026, 2, 26))
    assert screen.meetings.meeting_date == "2026-02-26"
    assert screen.meetings.list.currentItem().text().split()[1] == shown("2026-02-26")
    # And the other way: choosing in the list moves the calendar.
    _select(screen, "2026-03-12")
    assert cal.selectedDate() == QDate(2026, 3, 12)
    # A date without a meeting changes nothing.
    cal.clicked.emit(QDate(2026, 3, 13))
    assert screen.meetings.meeting_date == "2026-03-12"


def test_confidentiality_statement_edit_and_reset(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    panel = screen.pack.statement
    assert panel.edit.toPlainText() == default_statement()
    panel.edit.setPlainText("Our own words on confidentiality.")
    panel.save_button.click()
    assert not ctx.errors
    assert confidentiality_statement(vault.conn) == "Our own words on confidentiality."
    assert panel.note.text() == "Edited for this MARAC."
    panel.reset_button.click()
    assert confidentiality_statement(vault.conn) == default_statement()
    assert panel.edit.toPlainText() == default_statement()
    assert "marac.statement.edit" in _audit_actions(vault)


def test_proposed_cases_are_chosen_and_a_case_is_added_by_reference(qtbot, vault, referral, scripted_dialogs):  # noqa: F811
    from dv_forum.marac import agenda
    from ui.screens.marac.choose_cases import ChooseCasesDialog

    m = meetings.add_meeting(vault, "2026-03-12", "CV-HUB", "DI Chair")
    ids = [referral(f"2026-03-0{i + 1}") for i in range(3)]
    screen, _ = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    panel = screen.agenda
    qtbot.waitUntil(lambda: len(panel.proposed) == 3)
    assert panel.propose_button.isEnabled()
    dialog = ChooseCasesDialog(None, panel.proposed)
    qtbot.addWidget(dialog)
    assert dialog.values() == [p.referral_id for p in panel.proposed]  # all ticked to start with
    scripted_dialogs.script(ids[:2])  # untick the third: it waits for a later meeting
    panel.propose_button.click()
    qtbot.waitUntil(lambda: len(panel.cases) == 2)
    third = vault.conn.execute("SELECT case_ref FROM referrals WHERE id = ?", (ids[2],)).fetchone()[0]
    scripted_dialogs.script(third)
    panel.by_ref_button.click()
    qtbot.waitUntil(lambda: len(panel.cases) == 3)
    assert [c.referral_id for c in agenda.agenda(vault, m.id)] == ids
    assert not panel.propose_button.isEnabled()
    assert "No new referrals" in panel.propose_button.toolTip()


def test_actions_filter_by_agency_status_overdue_and_meeting(qtbot, vault, populated):  # noqa: F811
    screen, _ = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    panel = screen.actions_panel
    qtbot.waitUntil(lambda: len(panel.rows) == 2)  # still open from the meeting before
    filters = panel.filters
    filters.agency.setCurrentText("Police")
    assert [a.description for a in panel.rows] == ["Flag the address"]
    filters.agency.setCurrentIndex(0)
    filters.this_meeting.setChecked(True)
    assert panel.rows == [] and panel.table.rowCount() == 0
    filters.this_meeting.setChecked(False)
    filters.status.setCurrentIndex(filters.status.findData("done"))
    assert panel.rows == []
    screen.show_view("actions")  # Home's "Overdue MARAC actions" lands here
    assert screen.tabs.currentWidget() is panel and filters.overdue.isChecked()
    assert len(panel.rows) == 2  # both are open past their due dates
    assert panel.table.item(0, 5).text().endswith("(overdue)")  # said in words, not by colour alone
