"""The MARAC screen's editing handlers for minutes per case, observers, the confidentiality
statement and scheduling (a series, a meeting's venue and chair). Mixed into MaracScreen, which
owns the widgets; kept here so ui/screens/marac.py stays a small host. Every change goes through
ctx.run with changes=[Area.MARAC] (the core functions check the role and audit)."""

from __future__ import annotations

from typing import Any

from dv_forum.areas import Area
from dv_forum.marac import agenda, attendance, meetings, minutes
from dv_forum.marac.settings import set_confidentiality_statement
from ui.screens.marac_meeting_dialog import ask_meeting_details, ask_series


class MaracEditing:
    """Needs from the host: ctx, meeting_id, _meetings, _cases, _minutes, _summaries,
    agenda_table, minutes_panel, observers, schedule_note, _selected_case, _can_edit, _locked,
    _edit_note."""

    ctx: Any
    meeting_id: int | None
    _meetings: dict[int, Any]
    _cases: list[Any]
    _minutes: dict[int, str]
    _summaries: dict[int, str]
    agenda_table: Any
    minutes_panel: Any
    observers: Any
    schedule_note: Any

    # ----- minutes -----
    def _case_chosen(self, row: int, _col: int, prev_row: int, _prev_col: int) -> None:
        if row == prev_row:
            return
        # Leaving a case with unsaved minutes saves them (keyboard users just move on).
        panel = self.minutes_panel
        if panel.referral_id is not None and panel.is_dirty():
            self._store_minutes(
                panel.referral_id,
                panel.info_edit.toPlainText(),
                panel.summary_edit.toPlainText(),
                reload=False,
            )
        self._show_minutes()

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
                self.minutes_panel.mark_saved()

        self.ctx.run(store, on_done=done, changes=[Area.MARAC] if reload else ())

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

    def edit_details(self) -> None:
        mid = self.meeting_id
        m = self._meetings.get(mid) if mid is not None else None
        if m is None or not self._can_edit():
            return
        answer = ask_meeting_details(self, m.date, m.venue or "", m.chair or "")
        if answer:
            self.ctx.run(
                lambda v: meetings.update_meeting(v, m.id, answer.get("venue"), answer.get("chair")),
                on_done=lambda _m: None,
                changes=[Area.MARAC],
            )
