"""Possible matches: people who may be the same person, to link (and recompute) or keep apart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
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
        lay.addWidget(self.match_list, 1)
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
