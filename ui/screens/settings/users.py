"""Users of the vault: the list a coordinator sees, and the dialog that adds one with a one-time
passphrase (the new user must change it when first unlocking)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from dv_forum.vault import Role, policy
from ui.widgets.table_model import DictTableModel


class UsersModel(DictTableModel):
    COLUMNS = (
        ("Name", "name", None),
        ("Role", "role", None),
        ("Must change passphrase", "must_change", None),
    )
    TOOLTIPS = True


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a user")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("New user's name")
        self.role = QComboBox()
        self.role.setAccessibleName("New user's role")
        for role in Role:
            self.role.addItem(role.value, role.value)
        # The least powerful role first: an outreach worker sees her own clients only.
        self.role.setCurrentIndex(self.role.findData(Role.OUTREACH.value))
        self.temp = QLineEdit()
        self.temp.setEchoMode(QLineEdit.EchoMode.Password)
        self.temp.setAccessibleName("One-time passphrase for the new user")
        self.mine = QLineEdit()
        self.mine.setEchoMode(QLineEdit.EchoMode.Password)
        self.mine.setAccessibleName("Your own passphrase")
        self.problems = QLabel("")
        self.problems.setObjectName("error")
        self.problems.setWordWrap(True)
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("&One-time passphrase:", self.temp)
        form.addRow("", QLabel("They must change it when they first unlock."))
        form.addRow("&Your passphrase:", self.mine)
        form.addRow(self.problems)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.temp.textChanged.connect(
            lambda t: self.problems.setText("; ".join(policy.problems(t)) if t else "")
        )

    def values(self) -> dict[str, str]:
        out = {
            "name": self.name.text(),
            "role": self.role.currentData(),
            "temp": self.temp.text(),
            "mine": self.mine.text(),
        }
        for field in (self.temp, self.mine):
            field.clear()  # the passphrases live no longer than needed
        return out
