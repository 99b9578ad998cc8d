"""Enrol a device: its name, its role and where to save the enrolment file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs

ROLES = (("Outreach worker", "outreach"), ("MARAC chair", "chair"))


class EnrolDialog(QDialog):
    """values(): {"name", "role", "file"}; OK is enabled once a name and a file are given."""

    def __init__(self, parent: QWidget | None, folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Enrol a device")
        self.folder = folder
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. ann")
        self.name.setMaxLength(40)
        form.addRow("Device &name:", self.name)
        self.role = QComboBox()
        for label, value in ROLES:
            self.role.addItem(label, value)
        form.addRow("&Role:", self.role)
        self.file = QLineEdit()
        self.file.setPlaceholderText("where to save the enrolment file (.dve)")
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose where to save the enrolment file")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        file_label = QLabel("Enrolment &file:")
        file_label.setBuddy(self.file)
        form.addRow(file_label, row)
        note = QLabel(
            "Give the file to the person in person (USB stick). The one-time code is shown once "
            "after saving: read it aloud, never send it with the file."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Enrol")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._changed)
        self.file.textChanged.connect(self._check)
        self._check()
        self.resize(520, self.sizeHint().height())

    def _changed(self, text: str) -> None:
        if not self.file.isModified():
            self.file.setText(str(self.folder / f"{text.strip()}.dve") if text.strip() else "")
        self._check()

    def _check(self) -> None:
        ok = bool(self.name.text().strip() and self.file.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _browse(self) -> None:
        start = Path(self.file.text()) if self.file.text() else self.folder / "device.dve"
        chosen = dialogs.save_file(self, "Save the enrolment file", start, "Enrolment files (*.dve)")
        if chosen is not None:
            self.file.setText(str(chosen))
            self.file.setModified(True)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": self.role.currentData(),
            "file": Path(self.file.text().strip()),
        }
