"""Tables of the MARAC screen: one line per row, columns fitted to their text, and the action
table whose keys 1-4 set an action's status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

STATUS_KEYS = {
    Qt.Key.Key_1: "open",
    Qt.Key.Key_2: "done",
    Qt.Key.Key_3: "not_possible",
    Qt.Key.Key_4: "not_done",
}


def _item(text: object, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    _fit_columns(t, len(headers) - 1 if stretch is None else stretch)
    return t


def _fit_columns(t: QTableWidget, stretch: int) -> None:
    """One line per row; columns as wide as their contents (case references never elided) and
    the free-text column takes the remaining width (full text in its tooltip)."""
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setWordWrap(False)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ActionTable(QTableWidget):
    """Keys 1-4 set the selected action's status without leaving the keyboard."""

    def __init__(self, panel: Any) -> None:
        super().__init__(0, 6)
        self._panel = panel
        self.setHorizontalHeaderLabels(["Case", "Agency", "Owner", "Action", "Due", "Status"])
        _fit_columns(self, 3)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        status = STATUS_KEYS.get(Qt.Key(event.key()))
        if status and self.currentRow() >= 0:
            self._panel.set_action_status(self.currentRow(), status)
            return
        super().keyPressEvent(event)
