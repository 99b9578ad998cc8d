"""One month's CS 2 police incident count (optionally for one locality), entered or corrected in
the app and saved as `dv-forum stats incident-count` does."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.stats import service
from dv_forum.stats.incidents import MAX_COUNT


def labelled(text: str, widget: QWidget) -> QWidget:
    """A label and its control kept together on one line of a wrapping row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
    return holder


class IncidentEntry(QGroupBox):
    def __init__(self, ctx: Any, today: date) -> None:
        super().__init__("CS 2 incident count for one month")
        self.ctx = ctx
        row = QHBoxLayout(self)
        self.entry_month = QDateEdit()
        self.entry_month.setDisplayFormat("MMM yyyy")
        self.entry_month.setCalendarPopup(True)
        self.entry_month.setAccessibleName("Incident month")
        first = date(today.year, today.month, 1)
        last = first - timedelta(days=1)
        self.entry_month.setMaximumDate(QDate(first.year, first.month, 1))  # no months still to come
        self.entry_month.setDate(QDate(last.year, last.month, last.day))  # the last complete month
        self.entry_area = QComboBox()
        self.entry_area.setAccessibleName("Incident area")
        self.entry_area.addItem("Whole district", "")
        self.entry_count = QSpinBox()
        self.entry_count.setRange(0, MAX_COUNT)
        self.entry_count.setAccessibleName("Incident count")
        self.entry_save = QPushButton("Save count")
        self.entry_save.clicked.connect(self.save)
        self.entry_status = QLabel()
        self.entry_status.setObjectName("hint")
        for text, w in (
            ("Month:", self.entry_month),
            ("Area:", self.entry_area),
            ("Count:", self.entry_count),
        ):
            row.addWidget(labelled(text, w))
        row.addWidget(self.entry_save)
        row.addWidget(self.entry_status, 1)
        self.setVisible(False)

    def set_areas(self, areas: list[str]) -> None:
        self.entry_area.clear()
        self.entry_area.addItem("Whole district", "")
        for area in areas:
            self.entry_area.addItem(area, area)

    def save(self) -> None:
        picked = self.entry_month.date()
        month = f"{picked.year():04d}-{picked.month():02d}"
        area, count = str(self.entry_area.currentData() or ""), self.entry_count.value()
        where = self.entry_area.currentText()

        def done(_: Any) -> None:
            self.entry_status.setText(f"Saved: {count} incidents in {picked.toString('MMM yyyy')} ({where}).")

        self.ctx.run(
            lambda vault: service.set_incident_count(vault, month, count, area),
            on_done=done,
            changes=[Area.STATS],
        )

    def clear(self) -> None:
        self.entry_status.clear()
        self.entry_count.setValue(0)
        self.set_areas([])
