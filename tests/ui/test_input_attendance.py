"""MARAC > Attendance: names typed in the Name column survive adding an observer (and any reload)."""

from dv_forum.dates import shown
from dv_forum.marac import attendance
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


def _next_meeting(qtbot, vault):
    """The MARAC screen with the populated fixture's next meeting (12/03/2026) chosen."""
    screen, ctx = _screen(qtbot, vault)
    for i in range(screen.meetings.list.count()):
        if screen.meetings.list.item(i).text().split()[1] == shown("2026-03-12"):
            screen.meetings.list.setCurrentRow(i)
    return screen, ctx


def _unrecorded_agency(table, vault, populated):  # noqa: F811
    """An agency with no attendance recorded for that meeting yet."""
    recorded = {a.agency for a in attendance.attendance(vault, populated["next"].id)}
    return next(
        table.item(r, 0).text() for r in range(table.rowCount()) if table.item(r, 0).text() not in recorded
    )


def _row(table, agency):
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == agency)


def test_typed_names_survive_add_observer(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _next_meeting(qtbot, vault)
    table = screen.attendance.table
    table.item(_row(table, "Police"), 2).setText("DS Renamed")
    table.item(_row(table, "Probation"), 2).setText("PO Typed")
    screen.attendance.observers.name_edit.setText("Visitor")
    screen.attendance.observers.add_button.click()
    assert not ctx.errors
    assert table.item(_row(table, "Police"), 2).text() == "DS Renamed"
    assert table.item(_row(table, "Probation"), 2).text() == "PO Typed"
    stored = {a.agency: a.name for a in attendance.attendance(vault, populated["next"].id)}
    assert stored["Police"] == "DS Renamed" and stored["Probation"] == "PO Typed"
    assert stored["IDVA service"] == "IDVA A"


def test_a_name_for_an_agency_with_no_status_records_it_present(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _next_meeting(qtbot, vault)
    table = screen.attendance.table
    free = _unrecorded_agency(table, vault, populated)
    table.item(_row(table, free), 2).setText("New Rep")
    screen.attendance.observers.name_edit.setText("Visitor")
    screen.attendance.observers.add_button.click()
    assert table.item(_row(table, free), 2).text() == "New Rep"
    assert table.cellWidget(_row(table, free), 1).currentData() == "present"


def test_an_agency_marked_present_can_have_its_copy_of_the_pack_at_once(qtbot, vault, populated):  # noqa: F811
    """Found trying the program as a new coordinator: Police marked present, and the Pack tab still
    offered only the chair's copy until the meeting was chosen again."""
    screen, ctx = _next_meeting(qtbot, vault)
    table = screen.attendance.table
    free = _unrecorded_agency(table, vault, populated)
    combo = table.cellWidget(_row(table, free), 1)
    combo.setCurrentIndex(combo.findData("present"))
    assert not ctx.errors
    copies = screen.pack.recipient_combo
    assert free in [copies.itemText(i) for i in range(copies.count())]
