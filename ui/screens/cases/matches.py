"""Possible matches: people who may be the same person, to link (and recompute) or keep apart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.cases import matches


class MatchesPanel(QWidget):
    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("People who may be the same person. Compare the cases, then decide."))
        self.match_list = QListWidget()
        self.match_list.setAccessibleName("Possible matches")
        self.match_list.currentItemChanged.connect(lambda _i, _p: self._compare())
        lay.addWidget(self.match_list, 1)
        self.side_by_side = QTableWidget(0, 3)
        self.side_by_side.setHorizontalHeaderLabels(["Recorded", "One side", "The other side"])
        self.side_by_side.setAccessibleName("The pair side by side")
        self.side_by_side.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.side_by_side.verticalHeader().setVisible(False)
        self.side_by_side.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.side_by_side.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.side_by_side, 1)
        row = QHBoxLayout()
        self.confirm_button = QPushButton("Same person: link and recompute")
        self.reject_button = QPushButton("Different people")
        self.confirm_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        row.addWidget(self.confirm_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        lay.addLayout(row)

    def show_offers(self, offers: list[Any]) -> None:
        self.match_list.clear()
        for m in offers:
            item = QListWidgetItem(
                f"{m.kind}: {', '.join(m.refs_a) or '-'}  ~  {', '.join(m.refs_b) or '-'}  ({m.reason})"
            )
            item.setData(Qt.ItemDataRole.UserRole, (m.person_a, m.person_b))
            self.match_list.addItem(item)

    def _compare(self) -> None:
        item = self.match_list.currentItem()
        self.side_by_side.setRowCount(0)
        if item is None:
            return
        a, b = item.data(Qt.ItemDataRole.UserRole)
        self.ctx.run(lambda v: matches.compare(v, a, b), on_done=self._show_sides)

    def _show_sides(self, rows: list[tuple[str, str, str]]) -> None:
        self.side_by_side.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.side_by_side.setItem(r, c, QTableWidgetItem(value))

    def decide(self, same: bool) -> None:
        item = self.match_list.currentItem()
        if item is None:
            return
        a, b = item.data(Qt.ItemDataRole.UserRole)
        if same:
            self.ctx.run(lambda v: matches.confirm(v, a, b), changes=[Area.CASES])
        else:
            self.ctx.run(lambda v: matches.reject(v, a, b), changes=[Area.CASES])

    def clear(self) -> None:
        self.match_list.clear()
        self.side_by_side.setRowCount(0)
