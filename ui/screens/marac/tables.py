"""Tables of the MARAC screen: one line per row, columns fitted to their text, and the action
table whose keys 1-4 set an action's status."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableWidget, QTableWidgetItem

from dv_forum.marac.model import ACTION_STATUSES

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
        super().__init__(0, 7)
        self._panel = panel
        self.setHorizontalHeaderLabels(["Meeting", "Case", "Agency", "Owner", "Action", "Due", "Status"])
        _fit_columns(self, 4)
        # The mouse sets a status as keys 1-4 do: right-click an action.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._status_menu)

    def _status_menu(self, pos: Any) -> None:
        row = self.rowAt(pos.y())
        if row >= 0:
            self.selectRow(row)
            self.status_menu(row).popup(self.viewport().mapToGlobal(pos))

    def status_menu(self, row: int) -> QMenu:
        """The statuses an action can be given, as keys 1-4 give them."""
        menu = QMenu(self)
        for key, status in STATUS_KEYS.items():
            menu.addAction(
                f"{ACTION_STATUSES[status]} ({QKeySequence(key).toString()})",
                functools.partial(self._panel.set_action_status, row, status),
            )
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        status = STATUS_KEYS.get(Qt.Key(event.key()))
        if status and self.currentRow() >= 0:
            self._panel.set_action_status(self.currentRow(), status)
            return
        super().keyPressEvent(event)
