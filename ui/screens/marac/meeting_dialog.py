"""Forms for scheduling: a recurring series of meetings, and a meeting's venue and chair.

Each form returns plain values (``values()``); the screen passes them to dv_forum.marac.meetings,
which checks them (venue code, chair length, series size) and reports problems as UserErrors.
Open the series dialog through ``ask_series`` below (scriptable in tests); the details dialog is
opened by the MARAC screen, which keeps what it holds as a draft if the vault locks meanwhile."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dv_forum.marac.meetings import MAX_SERIES, series_dates
from ui import dialogs
from ui.widgets.date_edit import DateEdit

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _date_edit(day: date) -> DateEdit:
    return DateEdit(day)


def _venue_chair(form: QFormLayout, venue: str, chair: str) -> tuple[QLineEdit, QLineEdit]:
    venue_edit = QLineEdit(venue)
    venue_edit.setMaxLength(20)
    venue_edit.setPlaceholderText("A venue code such as CV-HUB, never an address")
    chair_edit = QLineEdit(chair)
    chair_edit.setMaxLength(60)
    chair_edit.setPlaceholderText("Who chairs, e.g. DI Smith")
    for edit in (venue_edit, chair_edit):  # wide enough to read the hint, in any dialog
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 24)
    form.addRow("&Venue code:", venue_edit)
    form.addRow("C&hair:", chair_edit)
    return venue_edit, chair_edit


def free_day(picked: date, taken: set[str], today: date) -> date:
    """The day a new meeting starts at: the calendar's day, or today if that has passed, moved on a
    week at a time past days that already have a meeting (a date can hold one meeting)."""
    day = max(picked, today)
    while day.isoformat() in taken:
        day += timedelta(days=7)
    return day


class SeriesDialog(QDialog):
    """Fortnightly or monthly on a weekday, from a date, for N meetings or until a date."""

    def __init__(self, parent: QWidget | None = None, start: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Schedule a series of meetings")
        start = start or date.today() + timedelta(days=1)
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.pattern = QComboBox()
        self.pattern.addItem("Fortnightly", "fortnightly")
        self.pattern.addItem("Monthly (same week of the month)", "monthly")
        form.addRow("&Repeat:", self.pattern)
        self.weekday = QComboBox()
        self.weekday.addItems(WEEKDAYS)
        self.weekday.setCurrentIndex(min(start.weekday(), 4))
        form.addRow("On a &weekday:", self.weekday)
        self.start = _date_edit(start)
        form.addRow("&From:", self.start)

        self.by_count = QRadioButton("&Number of meetings:")
        self.count = QSpinBox()
        self.count.setRange(1, MAX_SERIES)
        self.count.setValue(6)
        self.by_until = QRadioButton("&Until:")
        self.until = _date_edit(start + timedelta(days=182))
        group = QButtonGroup(self)
        group.addButton(self.by_count)
        group.addButton(self.by_until)
        self.by_count.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.by_count)
        row.addWidget(self.count)
        row.addSpacing(16)
        row.addWidget(self.by_until)
        row.addWidget(self.until)
        row.addStretch(1)
        form.addRow("End:", row)
        self.venue, self.chair = _venue_chair(form, "", "")
        v.addLayout(form)
        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        v.addWidget(self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Schedule")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        for signal in (
            self.pattern.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.start.dateChanged,
            self.count.valueChanged,
            self.until.dateChanged,
            self.by_count.toggled,
        ):
            signal.connect(self._update)
        self._update()

    def dates(self) -> list[date]:
        """The dates the series would have (the core skips dates that already have a meeting)."""
        pattern = str(self.pattern.currentData())
        start, wd = _to_date(self.start.date()), self.weekday.currentIndex()
        if self.by_count.isChecked():
            return series_dates(start, pattern, self.count.value(), wd)
        until = _to_date(self.until.date())
        return [d for d in series_dates(start, pattern, MAX_SERIES, wd) if d <= until]

    def _update(self) -> None:
        self.count.setEnabled(self.by_count.isChecked())
        self.until.setEnabled(self.by_until.isChecked())
        days = self.dates()
        if not days:
            self.preview.setText("No meeting falls in that range.")
            return
        shown = ", ".join(d.strftime("%d/%m/%Y") for d in days[:4])
        more = f" … {days[-1].strftime('%d/%m/%Y')}" if len(days) > 4 else ""
        self.preview.setText(f"{len(days)} meetings: {shown}{more}")

    def values(self) -> dict[str, Any]:
        days = self.dates()
        return {
            "start": days[0].isoformat() if days else _to_date(self.start.date()).isoformat(),
            "pattern": str(self.pattern.currentData()),
            "count": len(days),
            "weekday": self.weekday.currentIndex(),
            "venue": self.venue.text().strip() or None,
            "chair": self.chair.text().strip() or None,
        }


class MeetingDetailsDialog(QDialog):
    """Change a meeting's venue code and chair."""

    def __init__(self, parent: QWidget | None, when: str, venue: str, chair: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Meeting on {date.fromisoformat(when).strftime('%d/%m/%Y')}")
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.venue, self.chair = _venue_chair(form, venue, chair)
        v.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "venue": self.venue.text().strip() or None,
            "chair": self.chair.text().strip() or None,
        }


class NewMeetingDialog(QDialog):
    """A new meeting: its date (typed or picked; the calendar's day to start with), venue code and
    chair, wide enough for what is typed."""

    def __init__(self, parent: QWidget | None, day: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("New meeting")
        self.setMinimumWidth(420)
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.day = _date_edit(day)
        self.day.setAccessibleName("meeting date")
        form.addRow("&Date:", self.day)
        self.venue, self.chair = _venue_chair(form, "", "")
        v.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        day = self.day.value()
        return {
            "date": day.isoformat() if day else self.day.text(),  # a typing mistake is reported by the core
            "venue": self.venue.text().strip() or None,
            "chair": self.chair.text().strip() or None,
        }


def ask_new_meeting(parent: QWidget, day: date) -> Any:
    """{date, venue, chair} for meetings.add_meeting, or None."""
    return dialogs.form(parent, NewMeetingDialog(parent, day), "New meeting")


def ask_series(parent: QWidget) -> Any:
    """{start, pattern, count, weekday, venue, chair} for meetings.schedule_series, or None."""
    dialog = SeriesDialog(parent)
    return dialogs.form(parent, dialog, dialog.windowTitle())
