"""The MARAC screen: the meetings column beside four tabs (agenda with minutes, attendance,
actions, pack). The screen loads the selected meeting once and hands each panel its part; the
panels own their widgets and what they show. All database work goes through ctx.run."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QWidget

from dv_forum.areas import Area
from dv_forum.marac import actions, agenda, attendance, minutes
from dv_forum.marac.settings import CONFIDENTIALITY, agencies, confidentiality_statement
from dv_forum.settings import get_setting
from dv_forum.vault import Perm
from dv_forum.vault.roles import allowed
from ui.screens.base import Screen
from ui.screens.marac.actions_panel import ActionsPanel
from ui.screens.marac.agenda_panel import AgendaPanel
from ui.screens.marac.attendance_panel import AttendancePanel
from ui.screens.marac.meetings_panel import MeetingsPanel
from ui.screens.marac.minutes import CHAIR_NOTE, LOCKED_NOTE
from ui.screens.marac.pack_panel import PackPanel


def _load(vault: Any, mid: int) -> dict[str, Any]:
    """Everything the tabs show about one meeting, read in one job."""
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


class MaracScreen(Screen):
    title = "MARAC"
    nav_key = "marac"
    reloads_on = frozenset({Area.MARAC, Area.CASES, Area.SETTINGS})

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.agenda = AgendaPanel(self)
        self.meetings = MeetingsPanel(self, self.agenda.missing_summaries)
        self.attendance = AttendancePanel(self)
        self.actions_panel = ActionsPanel(self)
        self.pack = PackPanel(self, lambda: self.meetings.meeting_date)
        self.meetings.leaving.connect(self.agenda.keep_minutes)
        self.meetings.chosen.connect(self._meeting_chosen)
        split = QSplitter()
        QHBoxLayout(self).addWidget(split)
        split.addWidget(self.meetings)
        self.tabs = QTabWidget()
        for panel, label in (
            (self.agenda, "A&genda"),
            (self.attendance, "A&ttendance"),
            (self.actions_panel, "A&ctions"),
            (self.pack, "&Pack"),
        ):
            self.tabs.addTab(panel, label)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        self._apply_role()

    def show_view(self, view: str) -> None:
        if view == "actions":  # Home's overdue actions: the list they count
            self.tabs.setCurrentWidget(self.actions_panel)
            self.actions_panel.filters.show_overdue()

    # ----- what the panels ask (MeetingHost) -----
    @property
    def meeting_id(self) -> int | None:
        return self.meetings.meeting_id

    def can_edit(self) -> bool:
        return allowed(self.ctx.role, Perm.EDIT_MEETINGS)

    def locked(self) -> bool:
        m = self.meetings.current()
        return bool(m is not None and m.locked)

    def edit_note(self) -> str:
        if not self.can_edit():
            return CHAIR_NOTE
        return LOCKED_NOTE if self.locked() else ""

    def _apply_role(self) -> None:
        editable = self.can_edit()
        self.attendance.set_editable(editable and not self.locked(), self.edit_note())
        self.pack.set_editable(editable)
        self.agenda.set_editable(editable)
        self.actions_panel.set_editable(editable)
        self.meetings.update_buttons()

    # ----- loading -----
    def select_meeting(self, meeting_id: int) -> None:
        self.meetings.select(meeting_id)

    def _meeting_chosen(self) -> None:
        self.pack.preview_view.clear()
        self._apply_role()
        self.reload_meeting()

    def reload_meeting(self) -> None:
        mid = self.meeting_id
        if mid is not None:
            self.ctx.run(lambda v: _load(v, mid), on_done=self._show_meeting)

    def _show_meeting(self, data: dict[str, Any]) -> None:
        for panel in (self.agenda, self.attendance, self.actions_panel, self.pack):
            panel.show_meeting(data)

    # ----- Screen contract -----
    def on_unlocked(self) -> None:
        self.meetings.reload()

    def reload(self) -> None:
        self.meetings.reload()

    def clear(self) -> None:
        for panel in (self.meetings, self.agenda, self.attendance, self.actions_panel, self.pack):
            panel.clear()

    def leave_ok(self) -> bool:
        return self.agenda.leave_ok()

    def draft(self) -> dict[str, Any] | None:
        out = self.agenda.draft() or {}
        details = self.meetings.draft()
        if details:
            out["details"] = details
        return out or None

    def restore_draft(self, content: dict[str, Any]) -> None:
        if "details" in content:
            self.meetings.restore(content["details"])
        if "case" in content:
            self.select_meeting(int(content["meeting"]))
            # Runs after the meeting's agenda has been read (the worker keeps the order).
            self.ctx.run(lambda _v: None, on_done=lambda _n: self.agenda.restore(content))
