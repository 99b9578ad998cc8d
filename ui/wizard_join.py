"""First run for an outreach worker or a MARAC chair: her own vault, made from the enrolment file
the coordinator wrote for her and the one-time code read out to her (the command line's `join`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from dv_forum.errors import UserError
from dv_forum.exchange import joining
from ui import dialogs


class StartChoice(QWidget):
    """New partnership vault (the coordinator's) or a vault joined with an enrolment file."""

    def __init__(self) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        self.new = QRadioButton("Start the partnership's vault: I am the &coordinator")
        self.join = QRadioButton(
            "&Join with the enrolment file the coordinator gave me (outreach worker or chair)"
        )
        self.new.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.new, self.join):
            group.addButton(button)
            box.addWidget(button)

    def joining(self) -> bool:
        return self.join.isChecked()


class JoinPage(QWizardPage):
    """The enrolment file and its one-time code; checked before going on (nothing is written)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your enrolment file")
        self.setSubTitle(
            "The coordinator saved a file for you (a .dve file, on a USB stick) and read you a "
            "one-time code. Nothing else is needed: your vault is made on this computer."
        )
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setAccessibleName("Enrolment file")
        self.file.setPlaceholderText("the .dve file the coordinator gave you")
        browse = QPushButton("&Browse…")
        browse.setToolTip("Choose the enrolment file")
        browse.clicked.connect(self._browse)
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.code = QLineEdit()
        self.code.setAccessibleName("One-time code")
        self.code.setPlaceholderText("e.g. L9JQ-TV6Q-5S5C, as read out to you")
        file_label = QLabel("Enrolment &file:")  # a row of two widgets: the label names the box
        file_label.setBuddy(self.file)
        form.addRow(file_label, row)
        form.addRow("One-time &code:", self.code)
        self.problem = QLabel("")
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.data: dict[str, str] | None = None
        for edit in (self.file, self.code):
            edit.textChanged.connect(self._changed)

    def _browse(self) -> None:
        chosen = dialogs.open_file(self, "Choose the enrolment file", Path.home(), "Enrolment files (*.dve)")
        if chosen:
            self.file.setText(str(chosen))

    def _changed(self) -> None:
        self.problem.setText("")
        self.data = None
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.file.text().strip() and self.code.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self.data = joining.read(Path(self.file.text().strip()).expanduser(), self.code.text().strip())
        except UserError as exc:
            self.problem.setText(f"{exc.message} {exc.next_step}")
            return False
        return True

    def device(self) -> Any:
        return (self.data or {}).get("device", "")
