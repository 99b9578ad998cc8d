"""The confidentiality statement printed on the pack cover: edited by the coordinator, saved to
the marac.confidentiality_statement setting, with "Reset to default" back to the shipped text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.marac.settings import MAX_STATEMENT
from ui.screens.marac.minutes import BoundedText


class StatementPanel(QWidget):
    def __init__(self, save: Callable[[str], None], reset: Callable[[], None]) -> None:
        super().__init__()
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        title = QLabel("Confidentiality &statement (pack cover)")
        title.setObjectName("sectionTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.left = QLabel()
        self.left.setObjectName("hint")
        head.addWidget(self.left)
        v.addLayout(head)
        self.edit = BoundedText(MAX_STATEMENT, self.left)
        self.edit.setAccessibleName("Confidentiality statement")
        title.setBuddy(self.edit)
        v.addWidget(self.edit)
        row = QHBoxLayout()
        self.note = QLabel("")
        self.note.setObjectName("hint")
        row.addWidget(self.note, 1)
        self.save_button = QPushButton("Save statement")
        self.save_button.clicked.connect(lambda: save(self.edit.toPlainText()))
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.clicked.connect(reset)
        row.addWidget(self.save_button)
        row.addWidget(self.reset_button)
        v.addLayout(row)

    def show_statement(self, text: str, is_default: bool) -> None:
        self.edit.setPlainText(text)
        self.note.setText("The shipped default text." if is_default else "Edited for this MARAC.")

    def set_editable(self, editable: bool, why: str) -> None:
        self.edit.setReadOnly(not editable)
        for w in (self.save_button, self.reset_button):
            w.setEnabled(editable)
            w.setToolTip("" if editable else why)
        self.edit.setToolTip("" if editable else why)

    def clear(self) -> None:
        self.edit.clear()
        self.note.clear()
