"""Filters over a meeting's actions list: agency, status, overdue only, this meeting's own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

STATUSES = (("Any status", ""), ("Open", "open"), ("Done", "done"), ("Not possible", "not_possible"),
            ("Not done", "not_done"))  # fmt: skip
ANY_AGENCY = "Any agency"


def is_overdue(action: Any, today: str) -> bool:
    return action.status == "open" and bool(action.due_date) and str(action.due_date) < today


class ActionFilters(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.agency = QComboBox()
        self.agency.setAccessibleName("Show actions of agency")
        self.status = QComboBox()
        self.status.setAccessibleName("Show actions with status")
        for text, value in STATUSES:
            self.status.addItem(text, value)
        self.overdue = QCheckBox("&Overdue only")
        self.this_meeting = QCheckBox("Agreed at &this meeting only")
        label = QLabel("Show:")
        label.setBuddy(self.agency)
        for widget in (label, self.agency, self.status, self.overdue, self.this_meeting):
            row.addWidget(widget)
        row.addStretch(1)
        self.agency.currentIndexChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        self.overdue.toggled.connect(self.changed)
        self.this_meeting.toggled.connect(self.changed)

    def set_agencies(self, names: list[str]) -> None:
        """The agencies of the actions shown, keeping the one chosen when it is still there."""
        keep = self.agency.currentText()
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItems([ANY_AGENCY, *sorted(set(names))])
        self.agency.setCurrentIndex(max(0, self.agency.findText(keep)))
        self.agency.blockSignals(False)

    def keep(self, action: Any, today: str, meeting_id: int | None) -> bool:
        agency = self.agency.currentText()
        if agency and agency != ANY_AGENCY and action.agency != agency:
            return False
        status = self.status.currentData()
        if status and action.status != status:
            return False
        if self.overdue.isChecked() and not is_overdue(action, today):
            return False
        return not (self.this_meeting.isChecked() and action.meeting_id != meeting_id)

    def show_overdue(self) -> None:
        self.status.setCurrentIndex(0)
        self.agency.setCurrentIndex(0)
        self.this_meeting.setChecked(False)
        self.overdue.setChecked(True)
