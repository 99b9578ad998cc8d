"""The MARAC screen's editing handlers for minutes per case, observers, the confidentiality
statement and scheduling (a series, a meeting's venue and chair). Mixed into MaracScreen, which
owns the widgets; kept here so ui/screens/marac.py stays a small host. Every change goes through
ctx.run with changes=[Area.MARAC] (the core functions check the role and audit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from dv_forum.areas import Area
from dv_forum.marac import agenda, attendance, meetings, minutes
from dv_forum.marac.settings import set_confidentiality_statement
from ui import dialogs as ui_dialogs
from ui.screens.marac_meeting_dialog import MeetingDetailsDialog, ask_series
from ui.screens.marac_minutes import CHAIR_NOTE
from ui.widgets.unsaved import ask_before_leaving

if TYPE_CHECKING:
    # Checked as the screen it is mixed into; at run time it adds only its methods.
    from ui.screens.base import Screen as _Host
else:
    _Host = object


class MaracEditing(_Host):
    """Needs from the host: ctx, meeting_id, _meetings, _cases, _minutes, _summaries,
    agenda_table, minutes_panel, observers, schedule_note, _selected_case, _can_edit, _locked,
    _edit_note."""

    ctx: Any
    # Methods of the host screen this part calls.
    _selected_case: Callable[[], Any]
    _edit_note: Callable[..., Any]
    select_meeting: Callable[[int], None]
    _details_open: tuple[int, Any, dict[str, Any]] | None = None
    _can_edit: Callable[[], bool]
    _locked: Callable[[], bool]
    meeting_id: int | None
    _meetings: dict[int, Any]
    _cases: list[Any]
    _minutes: dict[int, str]
    _summaries: dict[int, str]
    agenda_table: Any
    meeting_list: Any
    held_button: Any
    approve_button: Any
    minutes_panel: Any
    observers: Any
    schedule_note: Any

    # ----- minutes -----
    def _case_chosen(self, row: int, _col: int, prev_row: int, _prev_col: int) -> None:
        if row == prev_row:
            return
        self.keep_minutes()
        self._show_minutes()

    def keep_minutes(self) -> bool:
        """Leaving a case (or meeting) with unsaved minutes saves them: keyboard users just move on."""
        panel = self.minutes_panel
        if panel.referral_id is None or not panel.is_dirty():
            return False
        self._store_minutes(
            panel.referral_id, panel.info_edit.toPlainText(), panel.summary_edit.toPlainText(), reload=False
        )
        return True

    def _show_minutes(self) -> None:
        rid = self._selected_case()
        panel = self.minutes_panel
        if rid is not None and rid == panel.referral_id and panel.is_dirty():
            return  # a reload for another change must not drop what is being typed
        row = self.agenda_table.currentRow()
        ref = self._cases[row].case_ref if rid is not None else ""
        note = self._edit_note()
        panel.show_case(
            rid,
            ref,
            self._minutes.get(rid, "") if rid is not None else "",
            self._summaries.get(rid, "") if rid is not None else "",
            editable=not note,
            note=note,
        )

    def save_minutes(self, referral_id: int, info: str, summary: str) -> None:
        self._store_minutes(referral_id, info, summary, reload=True)

    def _store_minutes(self, referral_id: int, info: str, summary: str, reload: bool) -> None:
        mid = self.meeting_id
        if mid is None or not self._can_edit() or self._locked():
            return

        def store(v: Any) -> None:
            with v.transaction():
                minutes.set_minutes(v, mid, referral_id, info)
                agenda.set_summary(v, mid, referral_id, summary or None)

        def done(_r: Any) -> None:
            self._minutes[referral_id] = info.strip()
            self._summaries[referral_id] = summary.strip()
            if self.minutes_panel.referral_id == referral_id:
                self.minutes_panel.mark_saved(info, summary)

        self.ctx.run(store, on_done=done, changes=[Area.MARAC] if reload else ())

    # ----- held and approved: one-way steps, so they say why they cannot act and ask first -----
    def _meeting_buttons(self) -> None:
        m = self._meetings.get(self.meeting_id) if self.meeting_id is not None else None
        held_why = approve_why = ""
        if not self._can_edit():
            held_why = approve_why = CHAIR_NOTE.replace("minutes", "meetings")
        elif m is None:
            held_why = approve_why = "Choose a meeting first."
        else:
            day = date.fromisoformat(m.date)
            if m.status != "scheduled":
                held_why = "This meeting is already marked as held."
            elif day > date.today():
                held_why = f"The meeting is on {day:%d/%m/%Y}: mark it as held on the day or after."
            if m.status == "approved":
                approve_why = "The minutes are already approved and locked."
            elif m.status != "held":
                approve_why = "Mark the meeting as held first."
        for button, why, tip in (
            (self.held_button, held_why, "Record that the meeting took place: its cases count as heard"),
            (self.approve_button, approve_why, "Approve and lock the minutes for good (asks first)"),
        ):
            button.setEnabled(not why)
            button.setToolTip(why or tip)

    def mark_held(self) -> None:
        mid = self.meeting_id
        if mid is None or not self.held_button.isEnabled():
            return
        self.ctx.run(lambda v: meetings.mark_held(v, mid), on_done=lambda _m: None, changes=[Area.MARAC])

    def approve_minutes(self) -> None:
        mid = self.meeting_id
        if mid is None or not self.approve_button.isEnabled():
            return
        missing = [c.case_ref for c in self._cases if not self._summaries.get(int(c.referral_id), "").strip()]
        text = "Approving locks this meeting's minutes for good: nothing can be changed afterwards."
        if missing:
            text += f"\n\nStill without a summary: {', '.join(missing)}."
        if not ui_dialogs.question(self, "Approve and lock minutes", text):
            return
        self.ctx.run(
            lambda v: meetings.approve_minutes(v, mid), on_done=lambda _m: None, changes=[Area.MARAC]
        )

    # ----- drafts: unsaved minutes kept through a lock -----
    def draft(self) -> dict[str, Any] | None:
        panel = self.minutes_panel
        out: dict[str, Any] = {}
        if self.meeting_id is not None and panel.referral_id is not None and panel.is_dirty():
            out = {
                "meeting": self.meeting_id,
                "case": panel.referral_id,
                "info": panel.info_edit.toPlainText(),
                "summary": panel.summary_edit.toPlainText(),
            }
        details = getattr(self, "_details_open", None)
        if details is not None and details[1].values() != details[2]:
            out["details"] = {"meeting": details[0], **details[1].values()}
        return out or None

    def leave_ok(self) -> bool:
        panel = self.minutes_panel
        if not panel.is_dirty():
            return True
        return ask_before_leaving(
            self, panel.watch, "Unsaved minutes", "the minutes", panel.save, panel.watch.revert
        )

    def restore_draft(self, content: dict[str, Any]) -> None:
        if "details" in content:
            details = content["details"]
            self.select_meeting(int(details["meeting"]))
            self.ctx.run(lambda _v: None, on_done=lambda _n: self.edit_details(details))
        if "case" not in content:
            return
        for i in range(self.meeting_list.count()):
            item = self.meeting_list.item(i)
            if int(item.data(Qt.ItemDataRole.UserRole)) == content.get("meeting"):
                self.meeting_list.setCurrentItem(item)

        def fill(_none: Any) -> None:
            # Runs after the meeting's agenda has been read (the worker keeps the order).
            rows = [i for i, c in enumerate(self._cases) if int(c.referral_id) == content.get("case")]
            if self.meeting_id != content.get("meeting") or not rows:
                return
            self.agenda_table.setCurrentCell(rows[0], 0)
            self.minutes_panel.info_edit.setPlainText(content.get("info", ""))
            self.minutes_panel.summary_edit.setPlainText(content.get("summary", ""))

        self.ctx.run(lambda _v: None, on_done=fill)

    # ----- observers -----
    def add_observer(self, name: str, organisation: str, signed: bool) -> None:
        mid = self.meeting_id
        if mid is not None:
            self.ctx.run(
                lambda v: attendance.add_observer(v, mid, name, organisation or None, signed),
                on_done=lambda _o: self.observers.added(),
                changes=[Area.MARAC],
            )

    def set_observer_signed(self, observer_id: int, signed: bool) -> None:
        self.ctx.run(
            lambda v: attendance.set_observer_signed(v, observer_id, signed),
            on_done=lambda _r: None,
            changes=[Area.MARAC],
        )

    def remove_observer(self, observer_id: int) -> None:
        self.ctx.run(
            lambda v: attendance.remove_observer(v, observer_id),
            on_done=lambda _r: None,
            changes=[Area.MARAC],
        )

    # ----- confidentiality statement -----
    def save_statement(self, text: str) -> None:
        self.ctx.run(
            lambda v: set_confidentiality_statement(v, text),
            on_done=lambda _t: None,
            changes=[Area.MARAC],
        )

    def reset_statement(self) -> None:
        self.save_statement("")

    # ----- scheduling -----
    def schedule_series(self) -> None:
        answer = ask_series(self)
        if not answer:
            return
        if not answer.get("count"):
            self.schedule_note.setText("No meeting falls in that range: nothing was scheduled.")
            return

        def done(made: list[Any]) -> None:
            skipped = int(answer["count"]) - len(made)
            self.schedule_note.setText(
                f"{len(made)} meetings scheduled"
                + (f"; {skipped} dates already had a meeting." if skipped else ".")
            )

        self.ctx.run(
            lambda v: meetings.schedule_series(
                v,
                answer["start"],
                answer["pattern"],
                int(answer["count"]),
                answer.get("venue"),
                answer.get("chair"),
                answer.get("weekday"),
            ),
            on_done=done,
            changes=[Area.MARAC],
        )

    def edit_details(self, typed: dict[str, Any] | None = None) -> None:
        """Change the meeting's venue and chair; ``typed`` puts back a draft kept through a lock."""
        mid = self.meeting_id
        m = self._meetings.get(mid) if mid is not None else None
        if m is None or not self._can_edit() or (typed and typed.get("meeting") != m.id):
            return
        dialog = MeetingDetailsDialog(self, m.date, m.venue or "", m.chair or "")
        # Open while the vault may lock: the screen's draft reads it (with what it first held).
        self._details_open = (m.id, dialog, dialog.values())
        if typed:
            dialog.venue.setText(typed.get("venue") or "")
            dialog.chair.setText(typed.get("chair") or "")
        try:
            answer = ui_dialogs.form(self, dialog, "Meeting details")
        finally:
            self._details_open = None
        if answer:
            self.ctx.run(
                lambda v: meetings.update_meeting(v, m.id, answer.get("venue"), answer.get("chair")),
                on_done=lambda _m: None,
                changes=[Area.MARAC],
            )
