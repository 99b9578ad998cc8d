"""Minutes for the case selected on the agenda: the information shared (bounded, with characters
left) and the anonymised summary printed on the case's pack page. Ctrl+S saves both. Read-only for
the chair and once the meeting's minutes are approved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum.marac.agenda import MAX_SUMMARY
from dv_forum.marac.minutes import MAX_MINUTES
from ui.widgets.unsaved import FormWatch

CHAIR_NOTE = "Only the MARAC coordinator edits minutes; the chair reads and prints them."
LOCKED_NOTE = "These minutes were approved and are locked: they can be read and printed only."


class BoundedText(QPlainTextEdit):
    """A plain-text box that refuses text past ``limit`` and reports the characters left."""

    def __init__(self, limit: int, counter: QLabel) -> None:
        super().__init__()
        self.limit = limit
        self._counter = counter
        self.setTabChangesFocus(True)  # keyboard users leave the box with Tab
        self.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        text = self.toPlainText()
        if len(text) > self.limit:  # typed or pasted past the limit: keep the first part
            cursor = self.textCursor()
            pos = min(cursor.position(), self.limit)
            self.blockSignals(True)
            self.setPlainText(text[: self.limit])
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.setPosition(pos)
            self.setTextCursor(cursor)
            text = text[: self.limit]
        self._counter.setText(f"{self.limit - len(text)} characters left")

    def left(self) -> int:
        return self.limit - len(self.toPlainText())


class MinutesPanel(QWidget):
    """``save_requested(referral_id, info_shared, summary)`` is called when the user saves."""

    def __init__(self, save: Callable[[int, str, str], None]) -> None:
        super().__init__()
        self._save = save
        self.referral_id: int | None = None
        self._editable = False
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Select a case on the agenda to write its minutes.")
        self.heading.setObjectName("sectionTitle")
        v.addWidget(self.heading)

        self.info_left = QLabel()
        self.info_edit = BoundedText(MAX_MINUTES, self.info_left)
        self.info_edit.setAccessibleName("Information shared")
        self.info_edit.setPlaceholderText("What each agency shared about this case at the meeting")
        self.summary_left = QLabel()
        self.summary_edit = BoundedText(MAX_SUMMARY, self.summary_left)
        self.summary_edit.setAccessibleName("Anonymised summary")
        self.summary_edit.setPlaceholderText(
            "Printed on the case's pack page: no names, addresses or dates of birth"
        )
        cols = QHBoxLayout()
        for label, edit, left, stretch in (
            ("&Information shared", self.info_edit, self.info_left, 3),
            ("Anonymised &summary (pack page)", self.summary_edit, self.summary_left, 2),
        ):
            box = QVBoxLayout()
            title = QLabel(label)
            title.setBuddy(edit)
            head = QHBoxLayout()
            head.addWidget(title)
            head.addStretch(1)
            left.setObjectName("hint")
            head.addWidget(left)
            box.addLayout(head)
            box.addWidget(edit)
            cols.addLayout(box, stretch)
        v.addLayout(cols)

        row = QHBoxLayout()
        self.note = QLabel("")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        row.addWidget(self.note, 1)
        self.watch = FormWatch(lambda: {"info": self.info_edit, "summary": self.summary_edit}, parent=self)
        row.addWidget(self.watch.label)
        self.save_button = QPushButton("Save minutes (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        v.addLayout(row)
        sc = QShortcut(QKeySequence("Ctrl+S"), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(self.save)
        self.show_case(None, "", "", "", editable=False, note="")

    def show_case(
        self,
        referral_id: int | None,
        case_ref: str,
        info: str,
        summary: str,
        editable: bool,
        note: str,
    ) -> None:
        self.referral_id = referral_id
        self._editable = editable and referral_id is not None
        self.heading.setText(
            f"Minutes for {case_ref}"
            if referral_id is not None
            else "Select a case on the agenda to write its minutes."
        )
        for edit, text in ((self.info_edit, info), (self.summary_edit, summary)):
            edit.setPlainText(text)
            edit.setReadOnly(not self._editable)
            edit.setEnabled(referral_id is not None)
        self.watch.mark_clean()
        self.save_button.setEnabled(self._editable)
        self.save_button.setToolTip(note if note and not self._editable else "")
        for edit in (self.info_edit, self.summary_edit):
            edit.setToolTip(note if note and not self._editable else "")
        self.note.setText(note if referral_id is not None else "")

    def is_dirty(self) -> bool:
        return self._editable and self.watch.is_dirty()

    def save(self) -> bool:
        if self.referral_id is None or not self._editable:
            return False
        self._save(self.referral_id, self.info_edit.toPlainText(), self.summary_edit.toPlainText())
        return True

    def mark_saved(self, info: str, summary: str) -> None:
        """The vault now holds these texts: clean unless more was typed while saving."""
        self.watch.mark_clean({"info": info, "summary": summary})
        self.note.setText("Saved.")

    def clear(self) -> None:
        self.show_case(None, "", "", "", editable=False, note="")
