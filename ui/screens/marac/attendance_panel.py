"""Attendance at the selected meeting: each member agency's status and representative's name
(stored as soon as it is typed), and the observers with their confidentiality agreement."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidgetItem, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.marac import attendance
from dv_forum.marac.model import ATTENDANCE_STATUSES
from ui.screens.marac.host import MeetingHost
from ui.screens.marac.observers import ObserversPanel
from ui.screens.marac.tables import _item, _table


class AttendancePanel(QWidget):
    def __init__(self, host: MeetingHost) -> None:
        super().__init__()
        self.host = host
        v = QVBoxLayout(self)
        self.table = _table(["Agency", "Attendance", "Name"])
        self.table.setAccessibleName("Attendance")
        self.table.itemChanged.connect(self._name_edited)
        v.addWidget(self.table, 3)
        self.observers = ObserversPanel(self.add_observer, self.set_observer_signed, self.remove_observer)
        v.addWidget(self.observers, 1)

    def show_meeting(self, data: dict[str, Any]) -> None:
        recorded = {a.agency: a for a in data["attendance"]}
        editable = self.host.can_edit()
        at = self.table
        at.blockSignals(True)  # filling the names is not the user editing them
        at.setRowCount(len(data["agencies"]))
        for r, agency in enumerate(data["agencies"]):
            at.setItem(r, 0, _item(agency))
            combo = QComboBox()
            combo.setAccessibleName(f"Attendance: {agency}")
            combo.addItem("", None)
            for key, label in ATTENDANCE_STATUSES.items():
                combo.addItem(label, key)
            if agency in recorded:
                combo.setCurrentIndex(combo.findData(recorded[agency].status))
            combo.setEnabled(editable)
            combo.currentIndexChanged.connect(lambda _i, a=agency, cb=combo, row=r: self._changed(a, cb, row))
            at.setCellWidget(r, 1, combo)
            name = QTableWidgetItem(recorded[agency].name or "" if agency in recorded else "")
            if not editable:
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            at.setItem(r, 2, name)
        at.blockSignals(False)
        self.observers.show_observers(data["observers"])

    def set_editable(self, editable: bool, why: str) -> None:
        self.observers.set_editable(editable, why)

    def _changed(self, agency: str, combo: QComboBox, row: int) -> None:
        mid, status = self.host.meeting_id, combo.currentData()
        item = self.table.item(row, 2)
        name = item.text() if item else ""
        if mid is None:
            return
        # Announced as a MARAC change: the pack's copies are made for the agencies present.
        if status is None:
            self._run(lambda v: attendance.remove_attendance(v, mid, agency))
        else:
            self._run(lambda v: attendance.set_attendance(v, mid, agency, status, name or None))

    def _name_edited(self, item: QTableWidgetItem) -> None:
        """A typed name is stored at once: until now it lived only in the table, and the next
        reload (adding an observer, say) drew the table again from the vault without it."""
        if item.column() != 2 or self.host.meeting_id is None:
            return
        combo = self.table.cellWidget(item.row(), 1)
        agency_item = self.table.item(item.row(), 0)
        if not isinstance(combo, QComboBox) or agency_item is None:
            return
        if combo.currentData() is None and item.text().strip():
            combo.blockSignals(True)  # a named representative came: present unless told otherwise
            combo.setCurrentIndex(combo.findData("present"))
            combo.blockSignals(False)
        if combo.currentData() is not None:
            self._changed(agency_item.text(), combo, item.row())

    # ----- observers -----
    def _run(self, fn: Any, on_done: Any = None) -> None:
        self.host.ctx.run(fn, on_done=on_done or (lambda _r: None), changes=[Area.MARAC])

    def add_observer(self, name: str, organisation: str, signed: bool) -> None:
        mid = self.host.meeting_id
        if mid is not None:
            self._run(
                lambda v: attendance.add_observer(v, mid, name, organisation or None, signed),
                lambda _o: self.observers.added(),
            )

    def set_observer_signed(self, observer_id: int, signed: bool) -> None:
        self._run(lambda v: attendance.set_observer_signed(v, observer_id, signed))

    def remove_observer(self, observer_id: int) -> None:
        self._run(lambda v: attendance.remove_observer(v, observer_id))

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.observers.clear()
