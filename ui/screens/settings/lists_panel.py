"""Settings > Lists (coordinators): the partnership's localities, referring agencies and MARAC
member agencies. Add, rename (every record follows), retire (kept on old records, not offered for
new ones) and alias (an import reads another spelling as a value), each on the worker, as
`dv-forum lists` does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum import lists
from dv_forum.district import lists_edit
from ui import dialogs
from ui.screens.base import AppContext
from ui.style import tone

TITLE = "Lists"
KIND_LABELS = {"locality": "Localities", "agency": "Referring agencies", "marac_agency": "MARAC agencies"}


def item_text(entry: lists_edit.ListEntry) -> str:
    """A value as the list shows it: retired said in words (not colour alone), aliases after it."""
    text = entry.value + ("" if entry.active else "  (retired)")
    return text + (f"   also read as: {', '.join(entry.aliases)}" if entry.aliases else "")


class ListsPanel(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.ctx = ctx
        self.entries: list[lists_edit.ListEntry] = []
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.kind = QComboBox()
        for kind, name in KIND_LABELS.items():
            self.kind.addItem(name, kind)
        self.kind.setAccessibleName("Which list")
        self.kind.currentIndexChanged.connect(self.reload)
        label = QLabel("&List:")
        label.setBuddy(self.kind)
        row.addWidget(label)
        row.addWidget(self.kind)
        row.addStretch(1)
        layout.addLayout(row)
        self.values = QListWidget()
        self.values.setAccessibleName("Values of the list")
        self.values.setMinimumHeight(160)
        layout.addWidget(self.values)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "&Add…", self.add)
        self.rename_button = self._button(buttons, "Re&name…", self.rename)
        self.retire_button = self._button(buttons, "Re&tire", self.retire)
        self.alias_button = self._button(buttons, "Al&ias…", self.alias)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        note = QLabel(
            "Renaming changes every record that holds the value. A retired value stays on the "
            "records that have it but is not offered for new ones. An alias lets an import read "
            'another spelling ("Ashby") as a value.'
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.result = QLabel("")
        self.result.setAccessibleName("Last change to the lists")
        layout.addWidget(self.result)

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def reload(self) -> None:
        kind = self.current_kind()
        self.ctx.run(lambda vault: lists_edit.show(vault.conn, kind), on_done=self._loaded)

    def _loaded(self, entries: list[lists_edit.ListEntry]) -> None:
        self.entries = entries
        self.values.clear()
        for entry in entries:
            item = QListWidgetItem(item_text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.value)
            if not entry.active:
                item.setForeground(QColor(tone("muted")))
            self.values.addItem(item)

    def chosen(self, what: str) -> str | None:
        item = self.values.currentItem()
        if item is None:
            dialogs.info(self, TITLE, f"Choose a value in the list to {what}.", "")
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def _run(self, fn: Callable[[Any], Any], done: str) -> None:
        kind = self.current_kind()
        self.ctx.run(
            lambda vault: fn(vault), on_done=lambda _r: self._done(done), changes=lists_edit.AREAS[kind]
        )

    def _done(self, text: str) -> None:
        self.result.setText(text)
        self.reload()

    def add(self) -> None:
        kind = self.current_kind()
        name = dialogs.ask_text(self, TITLE, f"New {lists.KINDS[kind]}:")
        if name and name.strip():
            self._run(lambda vault: lists_edit.add(vault, kind, name), f"Added {name.strip()}.")

    def rename(self) -> None:
        kind, old = self.current_kind(), self.chosen("rename")
        if old is None:
            return
        new = dialogs.ask_text(self, TITLE, f"Rename '{old}' to (every record follows):")
        if new and new.strip():
            self._run(lambda vault: lists_edit.rename(vault, kind, old, new), f"Renamed {old}.")

    def retire(self) -> None:
        kind, value = self.current_kind(), self.chosen("retire")
        if value is None:
            return
        text = f"Retire '{value}'? Records that hold it keep it; it is no longer offered for new ones."
        if dialogs.question(self, TITLE, text):
            self._run(lambda vault: lists_edit.retire(vault, kind, value), f"Retired {value}.")

    def alias(self) -> None:
        kind, value = self.current_kind(), self.chosen("give another spelling")
        if value is None:
            return
        spelling = dialogs.ask_text(self, TITLE, f"Another spelling an import should read as '{value}':")
        if spelling and spelling.strip():
            self._run(
                lambda vault: lists_edit.alias(vault, kind, spelling, value),
                f"Imports read {spelling} as {value}.",
            )
