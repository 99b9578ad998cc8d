"""Found trying the program as a new coordinator: the meeting-details dialog cut its hints
("Who chairs, e.g. ..."), and New meeting offered the day of a meeting already held."""

from __future__ import annotations

from datetime import date

from ui.screens.marac.meeting_dialog import MeetingDetailsDialog, NewMeetingDialog, free_day


def test_venue_and_chair_boxes_are_wide_enough_to_read_their_hints(qtbot) -> None:  # type: ignore[no-untyped-def]
    for dialog in (
        MeetingDetailsDialog(None, "2026-12-10", "", ""),
        NewMeetingDialog(None, date(2026, 12, 10)),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        for edit in (dialog.venue, dialog.chair):
            assert edit.width() > edit.fontMetrics().horizontalAdvance(edit.placeholderText())


def test_a_new_meeting_starts_on_a_free_day_from_today() -> None:
    today = date(2026, 12, 3)
    taken = {"2026-09-10", "2026-12-03", "2026-12-10"}
    assert free_day(date(2026, 9, 10), taken, today) == date(2026, 12, 17)  # held day, then two taken
    assert free_day(date(2026, 12, 24), taken, today) == date(2026, 12, 24)  # the calendar's free day
    assert free_day(date(2026, 11, 1), set(), today) == today  # a past day is not offered
