"""Input fields shared by the unlock pages and the first-run wizard."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit


def secret_field(name: str) -> QLineEdit:
    """A passphrase box: typed characters hidden, named for screen readers."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
