"""First run, page one: where the vault lives, and whether it starts the partnership's vault or
joins one with an enrolment file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWizardPage

from ui import dialogs
from ui.unlock.fields import hint
from ui.wizard_join import StartChoice


def folder_problem(folder: Path) -> str:
    if folder.exists() and not folder.is_dir():
        return "That is a file, not a folder."
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        return "That folder is not empty. Choose an empty or new folder."
    return ""


class LocationPage(QWizardPage):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setTitle("Where the vault lives")
        self.setSubTitle(
            "The vault is one encrypted folder. Nothing in it can be read without a passphrase "
            "or the recovery key."
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName("Vault folder")
        browse = QPushButton("&Choose…")
        browse.setToolTip("Choose another folder for the vault")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        label = QLabel("Vault &folder:")
        label.setBuddy(self.folder)
        layout.addWidget(label)
        layout.addLayout(row)
        self.problem = QLabel("")
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        layout.addWidget(
            hint(
                "Keep it on this computer's own disk, which should itself be encrypted "
                "(BitLocker, FileVault or LUKS). Back it up from Settings."
            )
        )
        self.choice = StartChoice()
        layout.addWidget(self.choice)
        layout.addStretch(1)
        self.folder.textChanged.connect(self._changed)

    def _browse(self) -> None:
        chosen = dialogs.choose_folder(self, "Choose the vault folder", Path.home())
        if chosen is not None:
            self.folder.setText(str(chosen / "dv-forum-vault") if folder_problem(chosen) else str(chosen))

    def _changed(self) -> None:
        self.problem.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.folder.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        problem = folder_problem(Path(self.folder.text().strip()).expanduser())
        self.problem.setText(problem)
        return not problem
