"""The meetings column of the MARAC screen: calendar, list, and the steps on a meeting (new, a
series, venue and chair, held, approved). Held and approved are one-way, so their buttons say
why they cannot act and approving asks first. A details dialog open when the vault locks is kept
as a draft and opened again after unlock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.dates import shown_with_day
from dv_forum.marac import meetings
from ui import dialogs
from ui.screens.marac.calendar import MeetingCalendar
from ui.screens.marac.host import MeetingHost
from ui.screens.marac.meeting_dialog import MeetingDetailsDialog, ask_new_meeting, ask_series, free_day
from ui.screens.marac.minutes import CHAIR_NOTE

MEETINGS_NOTE = CHAIR_NOTE.replace("minutes", "meetings")


def _hint() -> QLabel:
    label = QLabel("")
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class MeetingsPanel(QWidget):
    leaving = Signal()  # about to show another meeting: what belongs to this one is kept first
    chosen = Signal()  # another meeting was selected (meeting_id says which)

    def __init__(self, host: MeetingHost, missing_summaries: Callable[[], list[str]]) -> None:
        super().__init__()
        self.host = host
        self._missing_summaries = missing_summaries
        self.meeting_id: int | None = None
        self.meeting_date: str | None = None
        self.meetings: dict[int, Any] = {}
        # The details dialog while it is open: (meeting id, dialog, what it first held).
        self._details_open: tuple[int, MeetingDetailsDialog, dict[str, Any]] | None = None
        self._select_next: int | None = None
        lv = QVBoxLayout(self)
        lv.setContentsMargins(0, 0, 0, 0)
        self.calendar = MeetingCalendar()
        self.calendar.meeting_chosen.connect(self.select)
        lv.addWidget(self.calendar)
        lv.addWidget(QLabel("Meetings"))
        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.list.currentItemChanged.connect(self._chosen)
        lv.addWidget(self.list)
        self.meeting_info, self.schedule_note = _hint(), _hint()
        lv.addWidget(self.meeting_info)
        lv.addWidget(self.schedule_note)
        self.new_button = self._button(lv, "&New meeting…", self.new_meeting)
        self.series_button = self._button(lv, "Schedule a &series…", self.schedule_series)
        self.details_button = self._button(lv, "Edit detai&ls…", lambda: self.edit_details())
        self.details_button.setToolTip("Venue code and chair of the selected meeting")
        self.held_button = self._button(lv, "Mark as &held", self.mark_held)
        self.approve_button = self._button(lv, "&Approve and lock minutes", self.approve_minutes)

    @staticmethod
    def _button(layout: QVBoxLayout, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())
        layout.addWidget(button)
        return button

    def current(self) -> Any | None:
        return self.meetings.get(self.meeting_id) if self.meeting_id is not None else None

    # ----- loading and choosing -----
    def reload(self) -> None:
        keep, self._select_next = self._select_next or self.meeting_id, None
        self.host.ctx.run(meetings.list_meetings, on_done=lambda rows: self._show(rows, keep))

    def _show(self, rows: list[Any], keep: int | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.meetings = {int(m.id): m for m in rows}
        self.calendar.set_meetings(rows)
        chosen = None
        for m in rows:
            item = QListWidgetItem(f"{shown_with_day(m.date)}   {m.status}")
            item.setToolTip(", ".join(x for x in (m.venue, m.chair) if x))
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(item)
            if m.id == keep:
                chosen = item
        self.list.blockSignals(False)
        if chosen is None and self.list.count():
            # The next meeting (what the coordinator is preparing), else the latest one.
            today = date.today().isoformat()
            upcoming = [i for i, m in enumerate(rows) if m.date >= today]
            chosen = self.list.item(upcoming[0] if upcoming else self.list.count() - 1)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
            self._chosen(chosen, None)

    def _chosen(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            return
        self.leaving.emit()
        self.meeting_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.meeting_date = self.meetings[self.meeting_id].date
        self.calendar.show_meeting(self.meeting_date)
        m = self.current()
        if m is not None:
            where = f"Venue {m.venue}" if m.venue else "No venue set"
            chair = f"chair {m.chair}" if m.chair else "no chair set"
            self.meeting_info.setText(f"{where}; {chair}.")
        self.chosen.emit()

    def select(self, meeting_id: int) -> None:
        """Select a meeting in the list (the calendar follows)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if int(item.data(Qt.ItemDataRole.UserRole)) == meeting_id:
                self.list.setCurrentItem(item)
                return

    # ----- what may be done -----
    def update_buttons(self) -> None:
        editable, m = self.host.can_edit(), self.current()
        held_why = approve_why = ""
        if not editable:
            held_why = approve_why = MEETINGS_NOTE
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
        self.details_button.setEnabled(editable and not self.host.locked())
        for button in (self.new_button, self.series_button, self.details_button):
            if not editable:
                button.setEnabled(False)
                button.setToolTip(MEETINGS_NOTE)

    # ----- steps -----
    def _run(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None) -> None:
        self.host.ctx.run(fn, on_done=on_done or (lambda _r: None), changes=[Area.MARAC])

    def new_meeting(self) -> None:
        picked = self.calendar.selectedDate()
        taken = {str(m.date) for m in self.meetings.values()}
        day = free_day(date(picked.year(), picked.month(), picked.day()), taken, date.today())
        answer = ask_new_meeting(self, day)
        if not answer:
            return

        def made(m: Any) -> None:
            self._select_next = int(m.id)  # the reload that follows selects it, not the old one

        self._run(
            lambda v: meetings.add_meeting(v, answer["date"], answer.get("venue"), answer.get("chair")), made
        )

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

        self._run(
            lambda v: meetings.schedule_series(
                v,
                answer["start"],
                answer["pattern"],
                int(answer["count"]),
                answer.get("venue"),
                answer.get("chair"),
                answer.get("weekday"),
            ),
            done,
        )

    def edit_details(self, typed: dict[str, Any] | None = None) -> None:
        """Change the meeting's venue and chair; ``typed`` puts back a draft kept through a lock."""
        m = self.current()
        if m is None or not self.host.can_edit() or (typed and typed.get("meeting") != m.id):
            return
        dialog = MeetingDetailsDialog(self, m.date, m.venue or "", m.chair or "")
        self._details_open = (m.id, dialog, dialog.values())
        if typed:
            dialog.venue.setText(typed.get("venue") or "")
            dialog.chair.setText(typed.get("chair") or "")
        try:
            answer = dialogs.form(self, dialog, "Meeting details")
        finally:
            self._details_open = None
        if answer:
            self._run(lambda v: meetings.update_meeting(v, m.id, answer.get("venue"), answer.get("chair")))

    def mark_held(self) -> None:
        mid = self.meeting_id
        if mid is not None and self.held_button.isEnabled():
            self._run(lambda v: meetings.mark_held(v, mid))

    def approve_minutes(self) -> None:
        mid = self.meeting_id
        if mid is None or not self.approve_button.isEnabled():
            return
        missing = self._missing_summaries()
        text = "Approving locks this meeting's minutes for good: nothing can be changed afterwards."
        if missing:
            text += f"\n\nStill without a summary: {', '.join(missing)}."
        if dialogs.question(self, "Approve and lock minutes", text):
            self._run(lambda v: meetings.approve_minutes(v, mid))

    # ----- drafts -----
    def draft(self) -> dict[str, Any] | None:
        """The details dialog's input if it is open and changed."""
        if self._details_open is None:
            return None
        mid, dialog, first = self._details_open
        return {"meeting": mid, **dialog.values()} if dialog.values() != first else None

    def restore(self, details: dict[str, Any]) -> None:
        self.select(int(details["meeting"]))
        # After the meeting's own loading (the worker keeps the order), open the dialog again.
        self.host.ctx.run(lambda _v: None, on_done=lambda _n: self.edit_details(details))

    def clear(self) -> None:
        self.list.clear()
        self.meetings = {}
        self.meeting_id = self.meeting_date = None
        self.calendar.clear_meetings()
        self.meeting_info.clear()
