"""Home: who is signed in and what is due (next meeting, overdue actions, follow-ups)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dv_forum import getting_started
from dv_forum.areas import Area
from dv_forum.session import due_summary
from ui.screens.base import AppContext, Screen, can_view


class HomeScreen(Screen):
    title = "Home"
    nav_key = "home"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # In a scroll area: a small window scrolls Home rather than squash its cards and buttons.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Home")
        outer.addWidget(scroll)
        page = QWidget()
        page.setObjectName("homePage")
        # The window's own background shows through, in either look.
        scroll.setStyleSheet("QScrollArea, QWidget#homePage { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        heading = QLabel("Home")
        heading.setObjectName("screenTitle")
        layout.addWidget(heading)
        self.signed_in = QLabel("")
        self.signed_in.setObjectName("hint")
        layout.addWidget(self.signed_in)
        due_title = QLabel("What is due")
        due_title.setStyleSheet("font-weight: 600; margin-top: 12px;")
        layout.addWidget(due_title)
        self.cards = QWidget()
        self.grid = QGridLayout(self.cards)
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cards)
        self.checklist = QLabel("")
        self.checklist.setObjectName("card")
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setAccessibleName("Getting started")
        self.checklist.setVisible(False)
        layout.addWidget(self.checklist)
        self.empty = QLabel("Nothing is due. Meetings, actions and follow-ups appear here once they exist.")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Reload what is due (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setAccessibleName("Refresh what is due")
        self.refresh_button.clicked.connect(self.reload)
        layout.addWidget(self.refresh_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def on_unlocked(self) -> None:
        self.signed_in.setText(f"Signed in as {self.ctx.user_name} ({self.ctx.role}).")
        self.reload()

    reloads_on = frozenset({Area.CASES, Area.MARAC, Area.FREEDOM, Area.OUTREACH, Area.SETTINGS})

    def reload(self) -> None:
        self.ctx.run(lambda v: due_summary(v).items, on_done=self._show)
        self.ctx.run(getting_started.steps, on_done=self._show_steps)

    def _show_steps(self, steps: list[getting_started.Step]) -> None:
        """A new vault's checklist, until every step is done (F1 has more on each)."""
        if not steps or all(step.done for step in steps):
            self.checklist.setVisible(False)
            return
        lines = [
            f"{'&#10003;' if step.done else '&#9744;'} <b>{html.escape(step.label)}</b>"
            + ("" if step.done else f" &ndash; {html.escape(step.how)}")
            for step in steps
        ]
        self.checklist.setText("<b>Getting started</b> (F1 opens the guide)<br>" + "<br>".join(lines))
        self.checklist.setVisible(True)

    def _clear_cards(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _show(self, items: list[Any]) -> None:
        self._clear_cards()
        # Only what the signed-in role can open (an outreach worker has no MARAC screen).
        items = [item for item in items if can_view(self.ctx.role, item.area, self.ctx.kind)]
        for i, item in enumerate(items):
            card = QFrame()
            card.setObjectName("card")
            box = QVBoxLayout(card)
            label = QLabel(item.label)
            label.setWordWrap(True)
            value = QLabel(item.value)
            value.setObjectName("cardValue")
            value.setWordWrap(True)
            go = QPushButton("Open")
            go.setAccessibleName(f"Open {item.label}")
            go.clicked.connect(lambda _=False, key=item.area, view=item.view: self._open(key, view))
            box.addWidget(label)
            box.addWidget(value)
            box.addWidget(go, alignment=Qt.AlignmentFlag.AlignLeft)
            card.setAccessibleName(f"{item.label}: {item.value}")
            self.grid.addWidget(card, i // 3, i % 3)
        self.empty.setVisible(not items)

    def _open(self, key: str, view: str) -> None:
        self.ctx.navigate(key, view)

    def clear(self) -> None:
        self._clear_cards()
        self.checklist.clear()
        self.checklist.setVisible(False)
        self.signed_in.setText("")
        self.empty.setVisible(True)
