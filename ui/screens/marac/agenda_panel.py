"""The agenda of the selected meeting and the minutes of the case selected on it.

Keyboard first: Ctrl+Up/Ctrl+Down move the selected case, Delete removes it. Leaving a case or
the meeting with unsaved minutes saves them; leaving the screen asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.dates import shown
from dv_forum.marac import agenda, minutes
from ui import dialogs
from ui.screens.marac.choose_cases import ChooseCasesDialog
from ui.screens.marac.host import MeetingHost
from ui.screens.marac.minutes import CHAIR_NOTE, MinutesPanel
from ui.screens.marac.tables import _item, _table
from ui.widgets.unsaved import ask_before_leaving

HEADERS = ["No.", "Case ref", "Received", "Repeat", "DASH", "Referred by"]


def _row(c: Any) -> list[Any]:
    repeat = (
        "Yes" + (f" ({shown(c.last_referral_date)})" if c.last_referral_date else "") if c.is_repeat else ""
    )
    ref = c.case_ref + (f" (transferred in from {c.transferred_from})" if c.transferred_from else "")
    band = f"{c.dash_score or ''} {c.risk_band or ''}".strip()
    return [c.position, ref, shown(c.referral_date), repeat, band, c.referring_agency]


class AgendaPanel(QWidget):
    def __init__(self, host: MeetingHost) -> None:
        super().__init__()
        self.host = host
        self.cases: list[Any] = []
        self.minutes_text: dict[int, str] = {}
        self.summaries: dict[int, str] = {}
        v = QVBoxLayout(self)
        self.proposal_label = QLabel("")
        v.addWidget(self.proposal_label)
        self.table = _table(HEADERS)
        self.table.setAccessibleName("Agenda")
        self.table.currentCellChanged.connect(self._case_chosen)
        v.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.proposed: list[Any] = []
        self.propose_button = QPushButton("Add &proposed cases…")
        self.propose_button.clicked.connect(self.add_proposed)
        self.by_ref_button = QPushButton("Add by &reference…")
        self.by_ref_button.setToolTip("Add a case to this agenda by its case reference")
        self.by_ref_button.clicked.connect(self.add_by_reference)
        # Short labels, keys in the tooltips: five buttons share one row on a 1366-pixel screen.
        self.up_button = QPushButton("Move up")
        self.up_button.setToolTip("Move the chosen case up the agenda (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_case(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.setToolTip("Move the chosen case down the agenda (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_case(1))
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Take the chosen case off the agenda (Delete)")
        self.remove_button.clicked.connect(self.remove_case)
        self.buttons = (
            self.propose_button,
            self.by_ref_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        )
        self.tips = {b: b.toolTip() for b in self.buttons}
        for b in self.buttons:
            row.addWidget(b)
        v.addLayout(row)
        self.minutes = MinutesPanel(self.save_minutes)
        v.addWidget(self.minutes, 2)
        for keys, fn in (
            ("Ctrl+Up", lambda: self.move_case(-1)),
            ("Ctrl+Down", lambda: self.move_case(1)),
            ("Delete", self.remove_case),
        ):
            sc = QShortcut(QKeySequence(keys), self.table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(fn)

    def set_editable(self, editable: bool) -> None:
        for b in self.buttons:
            b.setEnabled(editable)
            b.setToolTip(self.tips[b] if editable else CHAIR_NOTE.replace("minutes", "meetings"))

    # ----- showing -----
    def show_meeting(self, data: dict[str, Any]) -> None:
        keep_case = self.selected_case()
        self.cases = data["cases"]
        self.minutes_text = dict(data["minutes"])
        self.summaries = {int(c.referral_id): c.summary or "" for c in self.cases}
        self.proposed = list(data["proposed"])
        self.proposal_label.setText(f"{len(self.proposed)} new referrals not yet heard can be added.")
        if self.host.can_edit():  # a button that cannot act says why
            self.propose_button.setEnabled(bool(self.proposed))
            self.propose_button.setToolTip(
                self.tips[self.propose_button]
                if self.proposed
                else "No new referrals are waiting to be heard."
            )
        t = self.table
        t.setRowCount(len(self.cases))
        for r, c in enumerate(self.cases):
            for col, value in enumerate(_row(c)):
                t.setItem(r, col, _item(value, c.referral_id if col == 0 else None))
        rows = [i for i, c in enumerate(self.cases) if c.referral_id == keep_case]
        if rows or self.cases:  # the case being minuted, else the first on the agenda
            t.blockSignals(True)
            t.setCurrentCell(rows[0] if rows else 0, 0)
            t.blockSignals(False)
        self.show_minutes()

    def selected_case(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.cases):
            return None
        return int(self.cases[row].referral_id)

    def missing_summaries(self) -> list[str]:
        return [c.case_ref for c in self.cases if not self.summaries.get(int(c.referral_id), "").strip()]

    # ----- minutes -----
    def _case_chosen(self, row: int, _col: int, prev_row: int, _prev_col: int) -> None:
        if row == prev_row:
            return
        self.keep_minutes()
        self.show_minutes()

    def keep_minutes(self) -> bool:
        """Leaving a case (or meeting) with unsaved minutes saves them: keyboard users just move on."""
        panel = self.minutes
        if panel.referral_id is None or not panel.is_dirty():
            return False
        info, summary = panel.info_edit.toPlainText(), panel.summary_edit.toPlainText()
        self._store_minutes(panel.referral_id, info, summary, reload=False)
        return True

    def show_minutes(self) -> None:
        rid = self.selected_case()
        panel = self.minutes
        if rid is not None and rid == panel.referral_id and panel.is_dirty():
            return  # a reload for another change must not drop what is being typed
        ref = self.cases[self.table.currentRow()].case_ref if rid is not None else ""
        note = self.host.edit_note()
        info = self.minutes_text.get(rid, "") if rid is not None else ""
        summary = self.summaries.get(rid, "") if rid is not None else ""
        panel.show_case(rid, ref, info, summary, editable=not note, note=note)

    def save_minutes(self, referral_id: int, info: str, summary: str) -> None:
        self._store_minutes(referral_id, info, summary, reload=True)

    def _store_minutes(self, referral_id: int, info: str, summary: str, reload: bool) -> None:
        mid = self.host.meeting_id
        if mid is None or not self.host.can_edit() or self.host.locked():
            return

        def store(v: Any) -> None:
            with v.transaction():
                minutes.set_minutes(v, mid, referral_id, info)
                agenda.set_summary(v, mid, referral_id, summary or None)

        def done(_r: Any) -> None:
            self.minutes_text[referral_id] = info.strip()
            self.summaries[referral_id] = summary.strip()
            if self.minutes.referral_id == referral_id:
                self.minutes.mark_saved(info, summary)

        self.host.ctx.run(store, on_done=done, changes=[Area.MARAC] if reload else ())

    def leave_ok(self) -> bool:
        panel = self.minutes
        if not panel.is_dirty():
            return True
        return ask_before_leaving(
            self, panel.watch, "Unsaved minutes", "the minutes", panel.save, panel.watch.revert
        )

    def draft(self) -> dict[str, Any] | None:
        panel, mid = self.minutes, self.host.meeting_id
        if mid is None or panel.referral_id is None or not panel.is_dirty():
            return None
        info, summary = panel.info_edit.toPlainText(), panel.summary_edit.toPlainText()
        return {"meeting": mid, "case": panel.referral_id, "info": info, "summary": summary}

    def restore(self, content: dict[str, Any]) -> None:
        """Put kept minutes back, once the meeting they belong to has been loaded."""
        rows = [i for i, c in enumerate(self.cases) if int(c.referral_id) == content.get("case")]
        if self.host.meeting_id != content.get("meeting") or not rows:
            return
        self.table.setCurrentCell(rows[0], 0)
        self.minutes.info_edit.setPlainText(content.get("info", ""))
        self.minutes.summary_edit.setPlainText(content.get("summary", ""))

    # ----- changing the agenda -----
    def add_proposed(self) -> None:
        """The proposed cases, all ticked: the coordinator unticks any for a later meeting."""
        mid = self.host.meeting_id
        if mid is None or not self.proposed:
            return
        chosen = dialogs.form(self, ChooseCasesDialog(self, self.proposed), "Add proposed cases")
        if chosen:
            self.host.ctx.run(
                lambda v: agenda.add_cases(v, mid, list(chosen)),
                on_done=lambda _n: None,
                changes=[Area.MARAC],
            )

    def add_by_reference(self) -> None:
        mid = self.host.meeting_id
        if mid is None:
            return
        ref = dialogs.ask_text(self, "Add a case", "Case reference:")
        if ref and ref.strip():
            self.host.ctx.run(
                lambda v: agenda.add_case(v, mid, ref.strip()), on_done=lambda _n: None, changes=[Area.MARAC]
            )

    def move_case(self, offset: int) -> None:
        mid, rid = self.host.meeting_id, self.selected_case()
        if mid is None or rid is None or not self.host.can_edit():
            return
        target = max(0, min(len(self.cases) - 1, self.table.currentRow() + offset))

        def done(_order: Any) -> None:
            self.host.reload_meeting()
            self.table.selectRow(target)

        self.host.ctx.run(lambda v: agenda.move(v, mid, rid, offset), on_done=done)

    def remove_case(self) -> None:
        mid, rid = self.host.meeting_id, self.selected_case()
        if mid is not None and rid is not None and self.host.can_edit():
            self.host.ctx.run(
                lambda v: agenda.remove_case(v, mid, rid), on_done=lambda _r: None, changes=[Area.MARAC]
            )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.cases, self.minutes_text, self.summaries = [], {}, {}
        self.proposal_label.clear()
        self.minutes.clear()
