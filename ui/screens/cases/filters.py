"""The filters above the case list: search text, locality, band, repeat, status and a date range
(typed UK or ISO dates). Any change filters the list at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from dv_forum.cases import dash
from ui.screens.cases.models import CaseFilter
from ui.widgets.date_edit import DateEdit

ANY = "(any)"


def _combo(items: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.addItems(items)
    return combo


class CaseFilterBar(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search case, locality, agency...")
        self.search.setAccessibleName("Search cases")
        self.area = _combo([ANY])
        self.band = _combo([ANY, *dash.BANDS])
        self.repeat = _combo([ANY, "repeats", "not repeats"])
        self.status = _combo([ANY, "open", "closed"])
        self.date_from, self.date_to = DateEdit(optional=True), DateEdit(optional=True)
        self.date_from.setAccessibleName("From date")
        self.date_to.setAccessibleName("To date")
        for w, label in (
            (self.search, None),
            (self.area, "Locality"),
            (self.band, "Band"),
            (self.repeat, "Repeat"),
            (self.status, "Status"),
            (self.date_from, "From"),
            (self.date_to, "To"),
        ):
            if label:
                buddy = QLabel(label)
                buddy.setBuddy(w)
                bar.addWidget(buddy)
            bar.addWidget(w)
        self.search.textChanged.connect(self.changed)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self.changed)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self.changed)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.area, self.band, self.repeat, self.status)

    def set_localities(self, localities: list[str]) -> None:
        current = self.area.currentText()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItems([ANY, *localities])
        self.area.setCurrentText(current or ANY)
        self.area.blockSignals(False)

    def current(self) -> CaseFilter:
        def iso(d: DateEdit) -> str:
            day = d.value()  # empty: no limit
            return day.isoformat() if day else ""

        def pick(c: QComboBox) -> str:
            return "" if c.currentText() == ANY else c.currentText()

        rep = {"repeats": True, "not repeats": False}.get(self.repeat.currentText())
        return CaseFilter(
            self.search.text().strip(),
            pick(self.area),
            pick(self.band),
            rep,
            pick(self.status),
            iso(self.date_from),
            iso(self.date_to),
        )

    def clear(self) -> None:
        """Every case shown again: search, lists and dates back to no limit (one change signal)."""
        widgets = (self.search, *self.combos(), self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for c in self.combos():
            c.setCurrentIndex(0)
        for d in (self.date_from, self.date_to):
            d.clear()
        for w in widgets:
            w.blockSignals(False)
        self.changed.emit()
