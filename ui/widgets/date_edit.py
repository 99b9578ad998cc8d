"""The one date box: type 31/12/2026, 31/12/26 or 2026-12-31, or pick from a calendar that opens
on the box's date (today when empty). Anything else is shown as an error beside the box and never
silently replaced by another date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from dv_forum.dates import parse_typed_date
from ui.style import tone

HINT = "Type 31/12/2026, 31/12/26 or 2026-12-31"

# The class has a method named date: annotations inside it need another name for the type.
_Day = date


def _as_date(value: QDate | date | None) -> date | None:
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None  # type: ignore[return-value]
    return value


class DateEdit(QWidget):
    """``optional`` boxes may be left empty (no date); others keep their last good date."""

    dateChanged = Signal(QDate)  # noqa: N815 - the name QDateEdit users expect

    def __init__(
        self, value: QDate | date | None = None, *, optional: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._date: date | None = None
        self._problem = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.line = QLineEdit()
        self.line.setPlaceholderText("dd/mm/yyyy" if not optional else "any date")
        self.line.setToolTip(HINT)
        self.line.setMaxLength(10)
        # Wide enough for a whole date and the placeholder: a cut-off date reads as another one.
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.setFocusProxy(self.line)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar")
        self.button.setAccessibleName("Calendar")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._open_calendar)
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._show_normalised)
        self.setDate(value)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """The name belongs on the box that takes the focus, where a screen reader looks."""
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    # ----- reading -----
    def value(self) -> date | None:
        """The date shown (None when empty). Check ``problem()`` before saving."""
        return self._date

    def date(self) -> QDate:
        d = self._date
        return QDate(d.year, d.month, d.day) if d else QDate()

    def problem(self) -> str:
        return self._problem

    def text(self) -> str:
        return self.line.text()

    # ----- writing -----
    def setDate(self, value: QDate | _Day | None) -> None:  # noqa: N802 - QDateEdit's name
        day = _as_date(value)
        self.line.setText(day.strftime("%d/%m/%Y") if day else "")
        self._set(day, "")

    def clear(self) -> None:
        self.setDate(None)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - Qt naming
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def _set(self, day: _Day | None, problem: str) -> None:
        changed = day != self._date
        self._date, self._problem = (day, problem) if not problem else (self._date, problem)
        self.line.setProperty("invalid", bool(problem))
        self.line.setToolTip(problem or HINT)
        self.line.setStyleSheet(f"QLineEdit {{ border: 2px solid {tone('overdue')}; }}" if problem else "")
        if changed and not problem:
            self.dateChanged.emit(self.date())

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._set(None, "" if self.optional else "A date is needed here. " + HINT + ".")
            return
        try:
            self._set(parse_typed_date(text), "")
        except ValueError as exc:
            self._set(self._date, f"{str(exc)[:1].upper()}{str(exc)[1:]}. {HINT}.")

    def _show_normalised(self) -> None:
        if not self._problem and self._date:
            self.line.setText(self._date.strftime("%d/%m/%Y"))

    def _open_calendar(self) -> None:
        day = self.date() if self._date else QDate.currentDate()
        self.calendar.setSelectedDate(day)
        self.calendar.setCurrentPage(day.year(), day.month())

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        menu = self.button.menu()
        if menu is not None:
            menu.close()


def first_problem(*edits: DateEdit) -> str:
    """The first date box with a bad date, as a message naming it (its accessible name)."""
    for edit in edits:
        if edit.problem():
            name = edit.accessibleName() or "date"
            return f"The {name} is not a date: {edit.problem()}"
    return ""
