"""A month calendar beside the meeting list: meeting dates in bold and coloured by status, and a
click (or Enter) on a meeting date selects that meeting. The screen keeps list and calendar in
step through ``show_meeting``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget

from ui.style import tone

# Scheduled meetings blue, held amber, approved (locked) green: readable on the light theme.
STATUSES = ("scheduled", "held", "approved")  # each has a tone and a background tone


def _qdate(iso: str) -> QDate:
    d = date.fromisoformat(iso)
    return QDate(d.year, d.month, d.day)


class MeetingCalendar(QCalendarWidget):
    """Emits ``meeting_chosen(meeting_id)`` when a date with a meeting is clicked or activated."""

    meeting_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Meeting calendar")
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._by_date: dict[str, int] = {}
        self.clicked.connect(self._picked)
        self.activated.connect(self._picked)

    def set_meetings(self, meetings: list[Any]) -> None:
        """Highlight each meeting's date (replacing earlier highlights)."""
        self.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every format
        self._by_date = {}
        for m in meetings:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(QBrush(QColor(tone(m.status if m.status in STATUSES else "scheduled"))))
            fmt.setBackground(
                QBrush(QColor(tone((m.status if m.status in STATUSES else "scheduled") + "_bg")))
            )
            fmt.setToolTip(f"MARAC {m.status}" + (f" at {m.venue}" if m.venue else ""))
            self.setDateTextFormat(_qdate(m.date), fmt)
            self._by_date[m.date] = int(m.id)

    def meeting_on(self, day: QDate) -> int | None:
        return self._by_date.get(day.toString(Qt.DateFormat.ISODate))

    def show_meeting(self, iso: str) -> None:
        """Select the meeting's date without emitting ``meeting_chosen`` (the list leads)."""
        self.blockSignals(True)
        try:
            self.setSelectedDate(_qdate(iso))
        finally:
            self.blockSignals(False)

    def clear_meetings(self) -> None:
        self.set_meetings([])

    def _picked(self, day: QDate) -> None:
        mid = self.meeting_on(day)
        if mid is not None:
            self.meeting_chosen.emit(mid)
