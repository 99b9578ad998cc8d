"""Choose which proposed cases (new referrals not yet heard) go on a meeting's agenda: all are
ticked to start with; untick those for a later meeting."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum.dates import shown


def proposal_text(p: Any) -> str:
    notes = [shown(p.referral_date)]
    if p.is_repeat:
        notes.append("repeat")
    if p.before_last_meeting:
        notes.append("waiting since before the last meeting")
    return f"{p.case_ref}  ({', '.join(notes)})"


class ChooseCasesDialog(QDialog):
    def __init__(self, parent: QWidget | None, proposals: list[Any]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add proposed cases")
        layout = QVBoxLayout(self)
        label = QLabel("New referrals not yet heard. Untick any to keep for a later meeting:")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setAccessibleName("Proposed cases")
        for p in proposals:
            item = QListWidgetItem(proposal_text(p))
            item.setData(Qt.ItemDataRole.UserRole, int(p.referral_id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        label.setBuddy(self.list)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add the ticked cases")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def values(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
