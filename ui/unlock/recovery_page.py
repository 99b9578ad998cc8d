"""Unlock with the recovery key from the printed sheet, setting a new passphrase at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from dv_forum.vault import policy
from ui.unlock.fields import hint, secret_field


class RecoveryPage(QWidget):
    requested = Signal(str, str, str)  # recovery key, user, new passphrase

    def __init__(self, back: Callable[[], None], waiting: Callable[[], bool]) -> None:
        super().__init__()
        self._waiting = waiting  # a lock-out countdown is running
        form = QFormLayout(self)
        form.setContentsMargins(0, 8, 0, 0)
        intro = QLabel("Type the recovery key from the printed sheet, and choose a new passphrase.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.key = QLineEdit()
        self.key.setAccessibleName("Recovery key")
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.new_passphrase = secret_field("New passphrase")
        self.new_again = secret_field("New passphrase again")
        self.problems = hint()
        form.addRow("Recovery &key:", self.key)
        form.addRow("&User:", self.user)
        form.addRow("&New passphrase:", self.new_passphrase)
        form.addRow("&Again:", self.new_again)
        form.addRow(self.problems)
        self.new_passphrase.textChanged.connect(self.check)
        self.new_again.textChanged.connect(self.check)
        buttons = QHBoxLayout()
        self.button = QPushButton("Unlock and &set passphrase")
        self.button.setEnabled(False)
        self.button.clicked.connect(self._recover)
        go_back = QPushButton("&Back")
        go_back.setToolTip("Back to the passphrase (Esc)")
        go_back.setShortcut("Esc")
        go_back.clicked.connect(back)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        buttons.addWidget(go_back)
        form.addRow(buttons)

    def check(self) -> None:
        new, again = self.new_passphrase.text(), self.new_again.text()
        problems = policy.problems(new) if new else ["choose a new passphrase"]
        if not problems and new != again:
            problems = ["the two new passphrases differ"]
        self.problems.setText("; ".join(problems).capitalize() + "." if problems else "")
        self.button.setEnabled(not problems and not self._waiting())

    def _recover(self) -> None:
        self.requested.emit(self.key.text().strip(), self.user.text().strip(), self.new_passphrase.text())

    def clear_secrets(self, keep_key: bool = False) -> None:
        self.new_passphrase.clear()
        self.new_again.clear()
        if not keep_key:
            self.key.clear()
