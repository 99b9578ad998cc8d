"""Observers at a meeting, under the agency attendance: name and organisation, whether they signed
the confidentiality agreement. Keyboard: Enter in the name or organisation adds; in the table Space
toggles "signed" and Delete removes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ObserversPanel(QWidget):
    def __init__(
        self,
        add: Callable[[str, str, bool], None],
        set_signed: Callable[[int, bool], None],
        remove: Callable[[int], None],
    ) -> None:
        super().__init__()
        self._add, self._set_signed, self._remove = add, set_signed, remove
        self._rows: list[Any] = []
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Observers (must sign the confidentiality agreement)")
        title.setObjectName("sectionTitle")
        v.addWidget(title)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Observers")
        self.table.setHorizontalHeaderLabels(["Name", "Organisation / role", "Confidentiality"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table)

        entry = QHBoxLayout()
        self.name_edit = QLineEdit(placeholderText="Observer's name")
        self.name_edit.setMaxLength(80)
        self.name_edit.setAccessibleName("Observer's name")
        self.org_edit = QLineEdit(placeholderText="Organisation / role")
        self.org_edit.setMaxLength(80)
        self.org_edit.setAccessibleName("Observer's organisation or role")
        self.signed_check = QCheckBox("Signed")
        self.signed_check.setToolTip("The observer has signed the confidentiality agreement")
        self.add_button = QPushButton("Add o&bserver")
        self.toggle_button = QPushButton("Toggle signed (Space)")
        self.remove_button = QPushButton("Remove (Delete)")
        for w in (self.name_edit, self.org_edit):
            w.setMinimumWidth(180)
            entry.addWidget(w, 1)
            w.returnPressed.connect(self.add)
        entry.addWidget(self.signed_check)
        entry.addWidget(self.add_button)
        v.addLayout(entry)
        tools = QHBoxLayout()
        tools.addStretch(1)
        tools.addWidget(self.toggle_button)
        tools.addWidget(self.remove_button)
        v.addLayout(tools)
        self.add_button.clicked.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle_signed)
        self.remove_button.clicked.connect(self.remove)
        for keys, fn in (("Space", self.toggle_signed), ("Delete", self.remove)):
            sc = QShortcut(QKeySequence(keys), self.table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(fn)
        self.set_editable(False, "")

    def set_editable(self, editable: bool, why: str) -> None:
        for w in (
            self.name_edit,
            self.org_edit,
            self.signed_check,
            self.add_button,
            self.toggle_button,
            self.remove_button,
        ):
            w.setEnabled(editable)
            w.setToolTip("" if editable else why)
        self._editable = editable

    def show_observers(self, rows: list[Any]) -> None:
        keep = self.table.currentRow()
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, o in enumerate(rows):
            signed = "Signed" if o.confidentiality_signed else "NOT signed"
            for c, text in enumerate([o.name, o.organisation or "", signed]):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, o.id)
                if c == 2 and not o.confidentiality_signed:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        if 0 <= keep < len(rows):
            self.table.selectRow(keep)

    def selected(self) -> Any | None:
        r = self.table.currentRow()
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def add(self) -> None:
        name = self.name_edit.text().strip()
        if not self._editable or not name:
            return
        self._add(name, self.org_edit.text().strip(), self.signed_check.isChecked())

    def added(self) -> None:
        self.name_edit.clear()
        self.org_edit.clear()
        self.signed_check.setChecked(False)
        self.name_edit.setFocus()

    def toggle_signed(self) -> None:
        o = self.selected()
        if self._editable and o is not None:
            self._set_signed(int(o.id), not o.confidentiality_signed)

    def remove(self) -> None:
        o = self.selected()
        if self._editable and o is not None:
            self._remove(int(o.id))

    def clear(self) -> None:
        self._rows = []
        self.table.setRowCount(0)
