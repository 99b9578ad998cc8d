"""The conflict inbox: a field changed on both sides, both values side by side with who set each
and when; O keeps ours, T keeps theirs (or the buttons). The decision travels as a new change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.exchange import service
from ui import dialogs
from ui.screens.exchange.host import ExchangeHost
from ui.screens.exchange.models import ConflictsModel, set_by, value_text, when_text
from ui.widgets.tables import selected, table


def _side(title: str) -> tuple[QGroupBox, QLabel, QLabel]:
    box = QGroupBox(title)
    v = QVBoxLayout(box)
    value = QLabel("")
    value.setObjectName("cardValue")
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    who = QLabel("")
    who.setObjectName("hint")
    who.setWordWrap(True)
    v.addWidget(value)
    v.addWidget(who)
    v.addStretch(1)
    return box, value, who


def _who(by: Any, at: Any) -> str:
    if not by:
        return "Set before the exchange journal recorded it."
    return f"Set by {by} on {when_text(at)} (UTC)."


class ConflictsPanel(QWidget):
    def __init__(self, host: ExchangeHost) -> None:
        super().__init__()
        self.host = host
        self.model = ConflictsModel(self)
        self.view = table(self.model)
        self.view.setAccessibleName("Conflicts")
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.empty = QLabel(
            "No conflicts. When the same field was changed on both sides, both values wait here "
            "for you to choose one."
        )
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.heading = QLabel("")
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setWordWrap(True)
        ours_box, self.ours_value, self.ours_who = _side("Ours (this vault)")
        self.theirs_box, self.theirs_value, self.theirs_who = _side("Theirs (received)")
        sides = QHBoxLayout()
        sides.addWidget(ours_box, 1)
        sides.addWidget(self.theirs_box, 1)
        self.keep_ours = QPushButton("Keep &ours (O)")
        self.keep_ours.setToolTip("Keep this vault's value for the selected conflict (O)")
        self.keep_ours.clicked.connect(lambda: self.resolve("ours"))
        self.keep_theirs = QPushButton("Keep &theirs (T)")
        self.keep_theirs.setToolTip("Keep the received value for the selected conflict (T)")
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_ours)
        buttons.addWidget(self.keep_theirs)
        buttons.addStretch(1)
        for key, keep in (("O", "ours"), ("T", "theirs")):
            shortcut = QShortcut(
                QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.activated.connect(lambda k=keep: self.resolve(k))
        self.detail = QWidget()
        dv = QVBoxLayout(self.detail)
        dv.setContentsMargins(0, 0, 0, 0)
        dv.addWidget(self.heading)
        dv.addLayout(sides)
        dv.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose a row, then press O to keep ours or T to keep theirs."))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.detail)
        self.show_rows([])

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        chosen = self.current()
        for r in rows:
            r["ours_set"] = set_by(r["ours_by"], r["ours_at"])
            r["theirs_set"] = set_by(r["theirs_by"], r["theirs_at"])
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.view.setVisible(bool(rows))
        self.detail.setVisible(bool(rows))
        if rows:
            ids = [r["id"] for r in (self.model.row_data(i) for i in range(len(rows)))]
            keep = ids.index(chosen["id"]) if chosen and chosen["id"] in ids else 0
            proxy = self.view.model()
            self.view.selectRow(proxy.mapFromSource(self.model.index(keep, 0)).row())  # type: ignore[attr-defined]
        self._show_selected()

    def current(self) -> dict[str, Any] | None:
        return selected(self.view, self.model)

    def _show_selected(self) -> None:
        row = self.current()
        for w in (self.keep_ours, self.keep_theirs):
            w.setEnabled(row is not None)
        if row is None:
            for label in (self.heading, self.ours_value, self.ours_who, self.theirs_value, self.theirs_who):
                label.clear()
            return
        shown = value_text(row["shown"])
        self.heading.setText(
            f"{row['record']} · {row['field']}: until you decide, every vault shows {shown!r} "
            "(the later change)."
        )
        self.ours_value.setText(value_text(row["ours"]))
        self.ours_who.setText(_who(row["ours_by"], row["ours_at"]))
        self.theirs_box.setTitle(f"Theirs (received from {row['theirs_by']})")
        self.theirs_value.setText(value_text(row["theirs"]))
        self.theirs_who.setText(_who(row["theirs_by"], row["theirs_at"]))

    def resolve(self, keep: str) -> None:
        row = self.current()
        if row is None:
            return
        cid, value = int(row["id"]), value_text(row[keep])
        what = f"{row['record']} {row['field']}"
        self.host.ctx.run(
            lambda v: service.resolve(v, cid, keep),
            on_done=lambda _: self.host.say(
                f"Kept {keep} for {what}: {value}. The other side follows at the next exchange."
            ),
            on_error=lambda exc: dialogs.show_exception(self, exc, "Exchange"),
            changes=service.RECEIVED_AREAS,
        )

    def clear(self) -> None:
        self.show_rows([])
