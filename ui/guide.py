"""The user guide inside the program (F1): resources/guide/guide.md, offline, searchable, opened at
the section for the screen in use."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dv_forum import paths

# Navigation key -> the guide's heading for that screen.
SECTIONS = {
    "home": "Home",
    "cases": "Cases",
    "marac": "MARAC",
    "freedom": "Freedom Programme",
    "outreach": "Outreach",
    "stats": "Statistics",
    "audit": "Audit",
    "settings": "Settings",
    "exchange": "Exchange",
}


def guide_text() -> str:
    path = paths.resources_dir() / "guide" / "guide.md"
    try:
        return path.read_text("utf-8")
    except OSError:
        return "# User guide\n\nThe guide is missing from this installation: reinstall dv-forum."


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None, screen_key: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("dv-forum user guide")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find in the guide")
        self.search.setAccessibleName("Find in the guide")
        self.search.returnPressed.connect(self.find_next)
        label = QLabel("&Find:")
        label.setBuddy(self.search)
        find = QPushButton("Find &next")
        find.clicked.connect(self.find_next)
        row.addWidget(label)
        row.addWidget(self.search, 1)
        row.addWidget(find)
        layout.addLayout(row)
        self.view = QTextBrowser()
        self.view.setAccessibleName("User guide")
        self.view.setMarkdown(guide_text())
        layout.addWidget(self.view, 1)
        self.resize(760, 620)
        self.go_to(SECTIONS.get(screen_key, ""))

    def go_to(self, heading: str) -> bool:
        """Scroll to a screen's section (its heading), from the top."""
        if not heading:
            return False
        cursor = self.view.document().find(heading, 0, QTextDocument.FindFlag.FindCaseSensitively)
        while not cursor.isNull() and cursor.block().blockFormat().headingLevel() != 2:
            cursor = self.view.document().find(heading, cursor, QTextDocument.FindFlag.FindCaseSensitively)
        if cursor.isNull():
            return False
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        return True

    def find_next(self) -> bool:
        text = self.search.text().strip()
        if not text:
            return False
        if self.view.find(text):
            return True
        cursor = self.view.textCursor()  # wrap round to the top once
        cursor.movePosition(cursor.MoveOperation.Start)
        self.view.setTextCursor(cursor)
        return self.view.find(text)
