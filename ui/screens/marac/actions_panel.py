"""Actions agreed at the selected meeting and those still open from earlier ones: filters (agency,
status, overdue, this meeting), fast entry (Enter adds; case, agency and owner stay for the next
one) and keys 1-4 for the status."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from dv_forum.dates import shown
from dv_forum.marac import actions
from ui import dialogs
from ui.screens.marac.action_filters import ActionFilters, is_overdue
from ui.screens.marac.host import MeetingHost
from ui.screens.marac.minutes import CHAIR_NOTE
from ui.screens.marac.tables import ActionTable, _item
from ui.style import tone
from ui.widgets.date_edit import DateEdit, first_problem


class ActionsPanel(QWidget):
    def __init__(self, host: MeetingHost) -> None:
        super().__init__()
        self.host = host
        self.rows: list[Any] = []
        v = QVBoxLayout(self)
        v.addWidget(QLabel("Keys 1-4 set the selected action: 1 open, 2 done, 3 not possible, 4 not done."))
        self.all_rows: list[Any] = []
        self.filters = ActionFilters()
        self.filters.changed.connect(self._show_rows)
        v.addWidget(self.filters)
        self.table = ActionTable(self)
        self.table.setAccessibleName("Actions")
        v.addWidget(self.table)
        entry = QHBoxLayout()
        self.case_combo = QComboBox()
        self.agency_combo = QComboBox()
        self.owner_edit = QLineEdit(placeholderText="Owner")
        self.desc_edit = QLineEdit(placeholderText="Action agreed (Enter adds)")
        self.desc_edit.setMaxLength(actions.MAX_DESCRIPTION)
        self.case_combo.setAccessibleName("Case")
        self.agency_combo.setAccessibleName("Agency")
        self.owner_edit.setAccessibleName("Owner")
        self.desc_edit.setAccessibleName("Action agreed")
        self.due_edit = DateEdit(optional=True)
        self.due_edit.line.setPlaceholderText("Due dd/mm/yyyy")
        self.due_edit.setAccessibleName("due date")
        self.entry = (self.case_combo, self.agency_combo, self.owner_edit, self.desc_edit, self.due_edit)
        for widget in self.entry:
            entry.addWidget(widget)
        entry.setStretch(3, 3)
        for edit in (self.owner_edit, self.desc_edit, self.due_edit.line):
            edit.returnPressed.connect(self.add_action)
        v.addLayout(entry)

    def set_editable(self, editable: bool) -> None:
        for widget in self.entry:
            widget.setEnabled(editable)
            widget.setToolTip("" if editable else CHAIR_NOTE.replace("minutes", "meetings"))

    def show_meeting(self, data: dict[str, Any]) -> None:
        self.all_rows = data["actions"]
        self.filters.set_agencies([a.agency for a in self.all_rows])
        self._show_rows()
        self.case_combo.clear()
        for c in data["cases"]:
            self.case_combo.addItem(c.case_ref, c.referral_id)
        self.agency_combo.clear()
        self.agency_combo.addItems(data["agencies"])

    def _show_rows(self) -> None:
        today = date.today().isoformat()
        self.rows = [a for a in self.all_rows if self.filters.keep(a, today, self.host.meeting_id)]
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            overdue = is_overdue(a, today)
            values = [
                shown(a.meeting_date),
                a.case_ref,
                a.agency,
                a.owner,
                a.description,
                f"{shown(a.due_date)} (overdue)"
                if overdue
                else shown(a.due_date),  # said in words, not by colour alone
                a.status_label,
            ]
            for col, value in enumerate(values):
                cell = _item(value)
                if col == 4:
                    cell.setToolTip(str(value or ""))
                if overdue:  # open past its due date: red, and said so for screen readers
                    cell.setForeground(QColor(tone("danger")))
                    cell.setToolTip(f"Overdue since {shown(a.due_date)}. {cell.toolTip()}".strip())
                self.table.setItem(r, col, cell)

    def add_action(self) -> None:
        mid, rid = self.host.meeting_id, self.case_combo.currentData()
        if mid is None or rid is None:
            return
        agency, owner = self.agency_combo.currentText(), self.owner_edit.text()
        desc, day = self.desc_edit.text(), self.due_edit.value()
        if self.due_edit.problem():
            dialogs.warning(self, "Add action", first_problem(self.due_edit))
            return
        due = day.isoformat() if day else ""

        def done(_a: Any) -> None:
            # Keep case, agency and owner: the next action is usually for the same case.
            self.desc_edit.clear()
            self.due_edit.clear()
            self.desc_edit.setFocus()
            self.host.reload_meeting()

        self.host.ctx.run(
            lambda v: actions.add_action(v, mid, rid, agency, desc, owner or None, due or None), on_done=done
        )

    def set_action_status(self, row: int, status: str) -> None:
        if not self.host.can_edit() or row >= len(self.rows):
            return
        action, mid = self.rows[row], self.host.meeting_id
        at = mid if action.meeting_id != mid else None
        self.host.ctx.run(
            lambda v: actions.set_status(v, action.id, status, at_meeting_id=at),
            on_done=lambda _a: self.host.reload_meeting(),
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.rows, self.all_rows = [], []
        self.case_combo.clear()
