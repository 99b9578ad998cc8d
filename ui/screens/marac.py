"""The MARAC screen: meetings, agenda builder, attendance, fast action entry, pack preview/print.

Keyboard first: Ctrl+Up/Ctrl+Down move the selected agenda case, Delete removes it; in the action
entry row Enter adds the action; in the action table 1-4 set the status (open, done, not possible,
not done). All database work goes through ctx.run on the worker thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.marac import actions, agenda, attendance, meetings, minutes
from dv_forum.marac.model import ATTENDANCE_STATUSES
from dv_forum.marac.settings import CONFIDENTIALITY, confidentiality_statement
from dv_forum.reports import pack
from dv_forum.settings import get_setting
from dv_forum.vault import Perm
from ui import dialogs
from ui.screens.base import Screen
from ui.screens.marac_calendar import MeetingCalendar
from ui.screens.marac_editing import MaracEditing
from ui.screens.marac_minutes import CHAIR_NOTE, LOCKED_NOTE, MinutesPanel
from ui.screens.marac_observers import ObserversPanel
from ui.screens.marac_pdf import PdfPreview, print_pdf
from ui.screens.marac_statement import StatementPanel
from ui.screens.marac_tables import ActionTable, _item, _table
from ui.widgets.date_edit import DateEdit, first_problem


class MaracScreen(MaracEditing, Screen):
    title = "MARAC"
    nav_key = "marac"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.meeting_id: int | None = None
        self.meeting_date: str | None = None
        self._cases: list[Any] = []
        self._actions: list[Any] = []
        self._pdf: bytes | None = None
        self._meetings: dict[int, Any] = {}
        self._minutes: dict[int, str] = {}
        self._summaries: dict[int, str] = {}
        self._build()

    # ----- layout -----
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        split = QSplitter()
        outer.addWidget(split)

        left = QWidget()
        lv = QVBoxLayout(left)
        self.calendar = MeetingCalendar()
        self.calendar.meeting_chosen.connect(self.select_meeting)
        lv.addWidget(self.calendar)
        lv.addWidget(QLabel("Meetings"))
        self.meeting_list = QListWidget()
        self.meeting_list.setAccessibleName("Meetings")
        self.meeting_list.currentItemChanged.connect(self._meeting_chosen)
        lv.addWidget(self.meeting_list)
        self.new_button = QPushButton("&New meeting…")
        self.new_button.clicked.connect(self.new_meeting)
        self.series_button = QPushButton("Schedule a &series…")
        self.series_button.clicked.connect(self.schedule_series)
        self.details_button = QPushButton("Edit detai&ls…")
        self.details_button.setToolTip("Venue code and chair of the selected meeting")
        self.details_button.clicked.connect(lambda: self.edit_details())
        self.held_button = QPushButton("Mark as &held")
        self.held_button.clicked.connect(self.mark_held)
        self.approve_button = QPushButton("&Approve and lock minutes")
        self.approve_button.clicked.connect(self.approve_minutes)
        self.meeting_info = QLabel("")
        self.meeting_info.setObjectName("hint")
        self.meeting_info.setWordWrap(True)
        lv.addWidget(self.meeting_info)
        self.schedule_note = QLabel("")
        self.schedule_note.setObjectName("hint")
        self.schedule_note.setWordWrap(True)
        lv.addWidget(self.schedule_note)
        for b in (
            self.new_button,
            self.series_button,
            self.details_button,
            self.held_button,
            self.approve_button,
        ):
            lv.addWidget(b)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), "A&genda")
        self.tabs.addTab(self._attendance_tab(), "A&ttendance")
        self.tabs.addTab(self._actions_tab(), "A&ctions")
        self.tabs.addTab(self._pack_tab(), "&Pack")
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        self._apply_role()

    def _agenda_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.proposal_label = QLabel("")
        v.addWidget(self.proposal_label)
        self.agenda_table = _table(["No.", "Case ref", "Received", "Repeat", "DASH", "Referred by"])
        self.agenda_table.setAccessibleName("Agenda")
        self.agenda_table.currentCellChanged.connect(self._case_chosen)
        v.addWidget(self.agenda_table, 3)
        row = QHBoxLayout()
        self.propose_button = QPushButton("Add &proposed cases")
        self.propose_button.clicked.connect(self.add_proposed)
        self.up_button = QPushButton("Move up (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_case(-1))
        self.down_button = QPushButton("Move down (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_case(1))
        self.remove_button = QPushButton("Remove (Delete)")
        self.remove_button.clicked.connect(self.remove_case)
        for b in (self.propose_button, self.up_button, self.down_button, self.remove_button):
            row.addWidget(b)
        v.addLayout(row)
        self.minutes_panel = MinutesPanel(self.save_minutes)
        v.addWidget(self.minutes_panel, 2)
        for keys, fn in (
            ("Ctrl+Up", lambda: self.move_case(-1)),
            ("Ctrl+Down", lambda: self.move_case(1)),
            ("Delete", self.remove_case),
        ):
            sc = QShortcut(QKeySequence(keys), self.agenda_table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(fn)
        return w

    def _attendance_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.attendance_table = _table(["Agency", "Attendance", "Name"])
        self.attendance_table.itemChanged.connect(self._attendance_name_edited)
        v.addWidget(self.attendance_table, 3)
        self.observers = ObserversPanel(self.add_observer, self.set_observer_signed, self.remove_observer)
        v.addWidget(self.observers, 1)
        return w

    def _actions_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.addWidget(QLabel("Keys 1-4 set the selected action: 1 open, 2 done, 3 not possible, 4 not done."))
        self.action_table = ActionTable(self)
        v.addWidget(self.action_table)
        entry = QHBoxLayout()
        self.case_combo = QComboBox()
        self.agency_combo = QComboBox()
        self.owner_edit = QLineEdit(placeholderText="Owner")
        self.desc_edit = QLineEdit(placeholderText="Action agreed (Enter adds)")
        self.desc_edit.setMaxLength(actions.MAX_DESCRIPTION)
        self.due_edit = DateEdit(optional=True)
        self.due_edit.line.setPlaceholderText("Due dd/mm/yyyy")
        self.due_edit.setAccessibleName("due date")
        for widget in (
            self.case_combo,
            self.agency_combo,
            self.owner_edit,
            self.desc_edit,
            self.due_edit,
        ):
            entry.addWidget(widget)
        entry.setStretch(3, 3)
        for edit in (self.owner_edit, self.desc_edit, self.due_edit.line):
            edit.returnPressed.connect(self.add_action)
        v.addLayout(entry)
        return w

    def _pack_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setAccessibleName("Copy for")
        row.addWidget(QLabel("Copy for:"))
        row.addWidget(self.recipient_combo)
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton("P&rint…")
        self.print_button.clicked.connect(self.print_pack)
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.clicked.connect(lambda: self.export_pack(False))
        self.export_enc_button = QPushButton("Export &encrypted…")
        self.export_enc_button.clicked.connect(lambda: self.export_pack(True))
        for b in (
            self.preview_button,
            self.print_button,
            self.export_button,
            self.export_enc_button,
        ):
            row.addWidget(b)
        v.addLayout(row)
        self.statement = StatementPanel(self.save_statement, self.reset_statement)
        self.statement.setMaximumHeight(170)
        v.addWidget(self.statement)
        self.preview_view = PdfPreview()
        v.addWidget(self.preview_view, 1)
        return w

    def _can_edit(self) -> bool:
        from dv_forum.vault.roles import allowed

        return allowed(self.ctx.role, Perm.EDIT_MEETINGS)

    def _locked(self) -> bool:
        m = self._meetings.get(self.meeting_id) if self.meeting_id is not None else None
        return bool(m is not None and m.locked)

    def _apply_role(self) -> None:
        editable = self._can_edit()
        self.observers.set_editable(editable and not self._locked(), self._edit_note())
        self.statement.set_editable(editable, CHAIR_NOTE.replace("minutes", "the statement"))
        self.details_button.setEnabled(editable and not self._locked())
        self._meeting_buttons()
        for widget in (
            self.new_button,
            self.series_button,
            self.details_button,
            self.held_button,
            self.approve_button,
            self.propose_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.case_combo,
            self.agency_combo,
            self.owner_edit,
            self.desc_edit,
            self.due_edit,
        ):
            if not editable:
                widget.setEnabled(False)
                widget.setToolTip(CHAIR_NOTE.replace("minutes", "meetings"))

    def _edit_note(self) -> str:
        if not self._can_edit():
            return CHAIR_NOTE
        return LOCKED_NOTE if self._locked() else ""

    # ----- Screen contract -----
    def on_unlocked(self) -> None:
        self.reload_meetings()

    reloads_on = frozenset({Area.MARAC, Area.CASES, Area.SETTINGS})

    def reload(self) -> None:
        self.reload_meetings()

    def clear(self) -> None:
        self.meeting_list.clear()
        for t in (self.agenda_table, self.attendance_table, self.action_table):
            t.setRowCount(0)
        self.case_combo.clear()
        self.recipient_combo.clear()
        self.preview_view.clear()
        self._cases, self._actions, self._pdf = [], [], None
        self.meeting_id = self.meeting_date = None
        self.proposal_label.clear()
        self._meetings, self._minutes, self._summaries = {}, {}, {}
        self.calendar.clear_meetings()
        self.minutes_panel.clear()
        self.observers.clear()
        self.statement.clear()
        self.meeting_info.clear()

    # ----- loading -----
    def reload_meetings(self) -> None:
        keep = self.meeting_id
        self.ctx.run(meetings.list_meetings, on_done=lambda rows: self._show_meetings(rows, keep))

    def _show_meetings(self, rows: list[Any], keep: int | None) -> None:
        self.meeting_list.blockSignals(True)
        self.meeting_list.clear()
        self._meetings = {int(m.id): m for m in rows}
        self.calendar.set_meetings(rows)
        chosen = None
        for m in rows:
            item = QListWidgetItem(f"{m.date}   {m.status}")
            item.setToolTip(", ".join(x for x in (m.venue, m.chair) if x))
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.meeting_list.addItem(item)
            if m.id == keep:
                chosen = item
        self.meeting_list.blockSignals(False)
        if chosen is None and self.meeting_list.count():
            # The next meeting (what the coordinator is preparing), else the latest one.
            today = date.today().isoformat()
            upcoming = [i for i, m in enumerate(rows) if m.date >= today]
            row = upcoming[0] if upcoming else self.meeting_list.count() - 1
            chosen = self.meeting_list.item(row)
        if chosen is not None:
            self.meeting_list.setCurrentItem(chosen)
            self._meeting_chosen(chosen, None)

    def _meeting_chosen(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            return
        self.keep_minutes()  # before the meeting changes: they belong to the one being left
        self.meeting_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.meeting_date = item.text().split()[0]
        self.calendar.show_meeting(self.meeting_date)
        m = self._meetings.get(self.meeting_id)
        if m is not None:
            where = f"Venue {m.venue}" if m.venue else "No venue set"
            chair = f"chair {m.chair}" if m.chair else "no chair set"
            self.meeting_info.setText(f"{where}; {chair}.")
        self.preview_view.clear()
        self._apply_role()
        self.reload_meeting()

    def select_meeting(self, meeting_id: int) -> None:
        """Select a meeting in the list (the calendar follows through _meeting_chosen)."""
        for i in range(self.meeting_list.count()):
            item = self.meeting_list.item(i)
            if int(item.data(Qt.ItemDataRole.UserRole)) == meeting_id:
                self.meeting_list.setCurrentItem(item)
                return

    def reload_meeting(self) -> None:
        mid = self.meeting_id
        if mid is None:
            return

        def load(vault: Any) -> dict[str, Any]:
            from dv_forum.marac.settings import agencies

            return {
                "cases": agenda.agenda(vault, mid),
                "proposed": agenda.propose(vault, mid),
                "attendance": attendance.attendance(vault, mid),
                "actions": actions.actions_for(vault, mid) + actions.outstanding(vault, mid),
                "agencies": agencies(vault.conn),
                "minutes": minutes.get_minutes(vault, mid),
                "observers": attendance.observers(vault, mid),
                "statement": confidentiality_statement(vault.conn),
                "statement_default": not get_setting(vault.conn, CONFIDENTIALITY).strip(),
            }

        self.ctx.run(load, on_done=self._show_meeting)

    def _show_meeting(self, data: dict[str, Any]) -> None:
        keep_case = self._selected_case()
        self._cases = data["cases"]
        self._minutes = dict(data["minutes"])
        self._summaries = {int(c.referral_id): c.summary or "" for c in self._cases}
        self.proposal_label.setText(f"{len(data['proposed'])} new referrals not yet heard can be added.")
        t = self.agenda_table
        t.setRowCount(len(self._cases))
        for r, c in enumerate(self._cases):
            repeat = (
                "Yes" + (f" ({c.last_referral_date})" if c.last_referral_date else "") if c.is_repeat else ""
            )
            for col, value in enumerate(
                [
                    c.position,
                    c.case_ref
                    + (f" (transferred in from {c.transferred_from})" if c.transferred_from else ""),
                    c.referral_date,
                    repeat,
                    f"{c.dash_score or ''} {c.risk_band or ''}".strip(),
                    c.referring_agency,
                ]
            ):
                t.setItem(r, col, _item(value, c.referral_id if col == 0 else None))
        rows = [i for i, c in enumerate(self._cases) if c.referral_id == keep_case]
        if rows or self._cases:  # the case being minuted, else the first on the agenda
            t.blockSignals(True)
            t.setCurrentCell(rows[0] if rows else 0, 0)
            t.blockSignals(False)
        self._show_minutes()
        self.observers.show_observers(data["observers"])
        self.statement.show_statement(data["statement"], data["statement_default"])
        recorded = {a.agency: a for a in data["attendance"]}
        at = self.attendance_table
        at.blockSignals(True)  # filling the names is not the user editing them
        at.setRowCount(len(data["agencies"]))
        for r, agency in enumerate(data["agencies"]):
            at.setItem(r, 0, _item(agency))
            combo = QComboBox()
            combo.addItem("", None)
            for key, label in ATTENDANCE_STATUSES.items():
                combo.addItem(label, key)
            if agency in recorded:
                combo.setCurrentIndex(combo.findData(recorded[agency].status))
            combo.setEnabled(self._can_edit())
            combo.currentIndexChanged.connect(
                lambda _i, a=agency, cb=combo, row=r: self._attendance_changed(a, cb, row)
            )
            at.setCellWidget(r, 1, combo)
            name = QTableWidgetItem(recorded[agency].name or "" if agency in recorded else "")
            if not self._can_edit():
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            at.setItem(r, 2, name)
        at.blockSignals(False)
        self._actions = data["actions"]
        self.action_table.setRowCount(len(self._actions))
        for r, a in enumerate(self._actions):
            for col, value in enumerate(
                [a.case_ref, a.agency, a.owner, a.description, a.due_date, a.status_label]
            ):
                cell = _item(value)
                if col == 3:
                    cell.setToolTip(str(value or ""))
                self.action_table.setItem(r, col, cell)
        self.case_combo.clear()
        for c in self._cases:
            self.case_combo.addItem(c.case_ref, c.referral_id)
        self.agency_combo.clear()
        self.agency_combo.addItems(data["agencies"])
        self.recipient_combo.clear()
        self.recipient_combo.addItem(pack.CHAIR_COPY, None)
        for a in data["attendance"]:
            if a.status == "present":
                self.recipient_combo.addItem(a.agency, a.agency)

    # ----- editing -----
    def _meeting_op(self, fn: Any) -> None:
        mid = self.meeting_id
        if mid is not None:
            self.ctx.run(lambda v: fn(v, mid), on_done=lambda _r: None, changes=[Area.MARAC])

    def new_meeting(self) -> None:
        text = dialogs.ask_text(self, "New meeting", "Date (dd/mm/yyyy):")
        if text:
            self.ctx.run(
                lambda v: meetings.add_meeting(v, text), on_done=lambda _m: None, changes=[Area.MARAC]
            )

    def add_proposed(self) -> None:
        mid = self.meeting_id
        if mid is not None:
            self.ctx.run(
                lambda v: agenda.accept_proposal(v, mid),
                on_done=lambda _n: None,
                changes=[Area.MARAC],
            )

    def _selected_case(self) -> int | None:
        row = self.agenda_table.currentRow()
        if row < 0 or row >= len(self._cases):
            return None
        return int(self._cases[row].referral_id)

    def move_case(self, offset: int) -> None:
        mid, rid = self.meeting_id, self._selected_case()
        if mid is None or rid is None or not self._can_edit():
            return
        target = max(0, min(len(self._cases) - 1, self.agenda_table.currentRow() + offset))

        def done(_order: Any) -> None:
            self.reload_meeting()
            self.agenda_table.selectRow(target)

        self.ctx.run(lambda v: agenda.move(v, mid, rid, offset), on_done=done)

    def remove_case(self) -> None:
        mid, rid = self.meeting_id, self._selected_case()
        if mid is not None and rid is not None and self._can_edit():
            self.ctx.run(
                lambda v: agenda.remove_case(v, mid, rid),
                on_done=lambda _r: None,
                changes=[Area.MARAC],
            )

    def _attendance_changed(self, agency: str, combo: QComboBox, row: int) -> None:
        mid, status = self.meeting_id, combo.currentData()
        item = self.attendance_table.item(row, 2)
        name = item.text() if item else ""
        if mid is None:
            return
        if status is None:
            self.ctx.run(lambda v: attendance.remove_attendance(v, mid, agency), on_done=lambda _r: None)
        else:
            self.ctx.run(
                lambda v: attendance.set_attendance(v, mid, agency, status, name or None),
                on_done=lambda _r: None,
            )

    def _attendance_name_edited(self, item: QTableWidgetItem) -> None:
        """A typed name is stored at once: until now it lived only in the table, and the next
        reload (adding an observer, say) drew the table again from the vault without it."""
        if item.column() != 2 or self.meeting_id is None:
            return
        combo = self.attendance_table.cellWidget(item.row(), 1)
        agency_item = self.attendance_table.item(item.row(), 0)
        if not isinstance(combo, QComboBox) or agency_item is None:
            return
        if combo.currentData() is None and item.text().strip():
            combo.blockSignals(True)  # a named representative came: present unless told otherwise
            combo.setCurrentIndex(combo.findData("present"))
            combo.blockSignals(False)
        if combo.currentData() is not None:
            self._attendance_changed(agency_item.text(), combo, item.row())

    def add_action(self) -> None:
        mid, rid = self.meeting_id, self.case_combo.currentData()
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
            self.reload_meeting()

        self.ctx.run(
            lambda v: actions.add_action(v, mid, rid, agency, desc, owner or None, due or None),
            on_done=done,
        )

    def set_action_status(self, row: int, status: str) -> None:
        if not self._can_edit() or row >= len(self._actions):
            return
        action, mid = self._actions[row], self.meeting_id
        at = mid if action.meeting_id != mid else None
        self.ctx.run(
            lambda v: actions.set_status(v, action.id, status, at_meeting_id=at),
            on_done=lambda _a: self.reload_meeting(),
        )

    # ----- pack -----
    def _render(self, purpose: str, then: Any) -> None:
        mid, recipient = self.meeting_id, self.recipient_combo.currentData()
        if mid is not None:
            self.ctx.run(lambda v: pack.render_pack(v, mid, recipient, purpose=purpose), on_done=then)

    def preview(self) -> None:
        self._render("preview", lambda result: self.preview_view.show_pdf(result.data))

    def print_pack(self) -> None:
        printer = dialogs.choose_printer(self)
        if printer is not None:
            self._render("print", lambda result: print_pdf(result.data, printer))

    def export_pack(self, encrypt: bool) -> None:
        mid, recipient = self.meeting_id, self.recipient_combo.currentData()
        if mid is None or self.meeting_date is None:
            return
        number = self.recipient_combo.currentIndex()
        suggested = (
            f"marac-pack-{self.meeting_date}-" + (f"copy{number:02d}" if recipient else "chair") + ".pdf"
        )
        path = dialogs.save_file(self, "Save PDF", Path.home() / suggested, "PDF files (*.pdf)")
        if not path:
            return

        def done(result: Any) -> None:
            if result.password:
                dialogs.show_password_once(self, result.copy_line, result.password)
            else:
                dialogs.info(self, "Pack saved", f"{result.copy_line} saved as {Path(path).name}.")

        self.ctx.run(lambda v: pack.write_pack(v, mid, Path(path), recipient, encrypt=encrypt), on_done=done)
