"""MARAC in a chair's own vault: the meetings the coordinator's vault sent her, each with its
agenda (cases heard and pack summaries) and actions, read-only; the chair's copy of the pack saved
as a marked PDF (optionally AES-256 encrypted) and an acknowledgement that the papers arrived, sent
back at the next exchange. Her vault holds no referrals, so the coordinator's MARAC screen, which
edits meetings over referrals, is not used here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.dates import shown, shown_with_day
from dv_forum.exchange import chair
from dv_forum.reports import received_pack
from ui import dialogs
from ui.screens.base import AppContext, Screen

TITLE = "MARAC"
AGENDA = ("No.", "Case", "Referred", "Victim", "Band (DASH)", "Repeat", "Criteria", "Referred by", "Summary")
ACTIONS = ("Case", "Agency", "Owner", "Action", "Due", "Status")


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


class ReceivedScreen(Screen):
    title = TITLE
    nav_key = "marac"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.packs: list[dict[str, Any]] = []
        self.acks: set[str] = set()
        outer = QVBoxLayout(self)
        heading = QLabel("MARAC: meetings sent to you")
        heading.setObjectName("screenTitle")
        outer.addWidget(heading)
        split = QSplitter()
        self.meetings = QListWidget()
        self.meetings.setAccessibleName("Meetings received")
        self.meetings.currentRowChanged.connect(self._chosen)
        split.addWidget(self.meetings)
        right = QWidget()
        box = QVBoxLayout(right)
        self.details = QLabel("Receive the coordinator's bundle (Exchange) to see the meetings sent to you.")
        self.details.setWordWrap(True)
        box.addWidget(self.details)
        self.agenda_table = _table(AGENDA, "Cases on the agenda")
        box.addWidget(self.agenda_table, 2)
        box.addWidget(QLabel("Actions"))
        self.actions_table = _table(ACTIONS, "Actions agreed")
        box.addWidget(self.actions_table, 1)
        row = QHBoxLayout()
        self.save_button = self._button(row, "&Save the pack as PDF…", self.save_pack)
        self.encrypted_button = self._button(row, "Save an &encrypted copy…", lambda: self.save_pack(True))
        self.ack_button = self._button(row, "&Acknowledge the papers", self.acknowledge)
        row.addStretch(1)
        box.addLayout(row)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 1)

    def _button(self, row: QHBoxLayout, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        button.setEnabled(False)
        row.addWidget(button)
        return button

    reloads_on = frozenset({Area.MARAC, Area.EXCHANGE})

    def on_unlocked(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.run(
            lambda vault: (chair.meeting_packs(vault.conn), chair.acknowledged(vault.conn)),
            on_done=self._loaded,
        )

    def _loaded(self, data: tuple[list[dict[str, Any]], set[str]]) -> None:
        self.packs, self.acks = data
        self.meetings.clear()
        for pack in self.packs:
            # Two lines: the date and venue, then whether the papers were acknowledged, so the
            # list never needs scrolling sideways.
            said = "\nacknowledged" if pack["meeting"] in self.acks else ""
            self.meetings.addItem(f"{shown_with_day(pack['date'])}  {pack.get('venue') or ''}{said}")
        if self.packs:
            self.meetings.setCurrentRow(len(self.packs) - 1)

    def current(self) -> dict[str, Any] | None:
        row = self.meetings.currentRow()
        return self.packs[row] if 0 <= row < len(self.packs) else None

    def _chosen(self, _row: int) -> None:
        pack = self.current()
        for button in (self.save_button, self.encrypted_button, self.ack_button):
            button.setEnabled(pack is not None)
        if pack is None:
            return
        self.details.setText(
            f"Meeting {shown_with_day(pack['date'])}. Venue: {pack.get('venue') or '-'}. Chair: {pack.get('chair') or '-'}. "
            f"{len(pack['agenda'])} case(s), {len(pack['actions'])} action(s)."
        )
        rows = [
            [*r, item.get("summary")]
            for r, item in zip(received_pack._case_rows(pack), pack["agenda"], strict=True)
        ]
        _fill(self.agenda_table, rows)
        _fill(
            self.actions_table,
            [
                [
                    *(a.get(k) for k in ("case_ref", "agency", "owner", "description")),
                    shown(a.get("due_date")),
                    a.get("status"),
                ]
                for a in pack["actions"]
            ],
        )

    def save_pack(self, encrypt: bool = False) -> None:
        pack = self.current()
        if pack is None:
            return
        day = str(pack["date"])[:10]
        target = dialogs.save_file(
            self, "Save the pack", Path.home() / f"marac-pack-{day}-chair.pdf", "PDF (*.pdf)"
        )
        if target is None:
            return

        def done(written: received_pack.Written) -> None:
            note = (
                f"Password (shown once, send it separately): {written.password}" if written.password else ""
            )
            dialogs.info(self, TITLE, f"The pack was saved to {written.path}.", note)

        self.ctx.run(lambda vault: received_pack.write(vault, day, target, encrypt), on_done=done)

    def acknowledge(self) -> None:
        pack = self.current()
        if pack is None:
            return
        day = str(pack["date"])[:10]
        self.ctx.run(
            lambda vault: chair.acknowledge(vault, day),
            on_done=lambda _r: self.reload(),
            changes=[Area.EXCHANGE],
        )

    def clear(self) -> None:
        self.packs, self.acks = [], set()
        self.meetings.clear()
        _fill(self.agenda_table, [])
        _fill(self.actions_table, [])
