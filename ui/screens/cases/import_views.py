"""What the referral import shows: the progress dialog and the texts of its messages (the counts,
the problem list's heading, the question about unknown columns, the summary). Problems are places
and reasons, never values, and so is every text here: no cell of the file is shown."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from dv_forum.cases.importer import ImportResult

TITLE = "Import referrals"
PHASES = {
    "reading": "Reading the file…",
    "checked": "Checking rows…",
    "imported": "Importing…",
    "cancelling": "Cancelling…",
}
_ROW = re.compile(r"row (\d+)[,:]")
_UNKNOWN = re.compile(r"header, column (.*): unknown column")
_NAMES_SHOWN = 10  # unknown column names listed in the question


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _problems(n: int) -> str:
    return f"{n:,} problem" + ("" if n == 1 else "s")


def bad_rows(problems: Sequence[str]) -> set[int] | None:
    """The data rows the problems name; None if any problem is not about a row."""
    rows: set[int] = set()
    for p in problems:
        m = _ROW.match(p)
        if m is None:
            return None
        rows.add(int(m.group(1)))
    return rows


def unknown_columns(problems: Sequence[str]) -> list[str] | None:
    """The unknown columns' names when those are the only problems, else None."""
    names = [m.group(1) for p in problems if (m := _UNKNOWN.match(p))]
    return names if names and len(names) == len(problems) else None


def summary(result: ImportResult, cancel_pressed: bool = False) -> tuple[str, str]:
    """(text, detail) of the message after an import."""
    text = f"{result.imported:,} referral{'' if result.imported == 1 else 's'} imported."
    if result.rejected:
        text += f" {_rows(result.rejected)} rejected, saved to {result.rejects_file}."
    lines = []
    if result.imported:
        lines.append(
            "The case list shows every case again (filters cleared), newest referral first, "
            "with the newest imported case selected."
        )
    if result.rejected:
        lines.append(
            "The rejected rows are saved with their problems in a last column. That file holds "
            "case details: keep it safe, and delete it once the rows are corrected and imported."
        )
    if cancel_pressed:
        lines.append("The import had already finished when Cancel was pressed, so it was kept.")
    return text, "\n\n".join(lines)


class ImportProgressDialog(QDialog):
    """The phase, the rows done and a bar; Cancel (also Esc or closing) asks the run to stop."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, file_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)  # never case data
        self.setMinimumWidth(440)
        self._cancelling = self._finished = False
        lay = QVBoxLayout(self)
        self.file_label = QLabel(f"From {file_name}")
        self.file_label.setObjectName("hint")
        self.phase = QLabel(PHASES["reading"])
        self.phase.setStyleSheet("font-weight: 600;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.bar.setTextVisible(False)
        self.count = QLabel(" ")
        self.note = QLabel("All or nothing: if you cancel, nothing is imported.")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        for w in (self.file_label, self.phase, self.bar, self.count, self.note):
            lay.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)

    def show_progress(self, phase: str, n: int, total: int) -> None:
        if self._cancelling:
            return
        self.phase.setText(PHASES.get(phase, "Working…"))
        if phase == "checked" and n >= total:
            # Every row is checked; the rows are prepared and written next (no count until the
            # first 1,000 are written).
            self.bar.setRange(0, 0)
            self.count.setText(f"All {_rows(total)} checked.")
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(n, total))
        self.count.setText(f"{n:,} of {_rows(total)} {phase}")

    def reject(self) -> None:
        """Cancel, Esc and the close button: ask the import to stop (the dialog stays until it
        has, so nothing looks finished before it is)."""
        if self._cancelling or self._finished:
            return
        self._cancelling = True
        self.phase.setText(PHASES["cancelling"])
        self.count.setText("Undoing: nothing will be imported.")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._finished:
            event.accept()
            return
        event.ignore()
        self.reject()

    def finish(self) -> None:
        self._finished = True
        self.hide()
        self.deleteLater()


def unknown_question(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    if len(names) > _NAMES_SHOWN:
        shown += f" and {len(names) - _NAMES_SHOWN} more"
    one = len(names) == 1
    return (
        f"The file has {len(names)} column{'' if one else 's'} that dv-forum does not import: "
        f"{shown}.\n\nImport the file without {'it' if one else 'them'}? "
        f"{'Its' if one else 'Their'} contents are left out; the other columns are checked as usual."
    )


def problems_text(
    name: str, problems: list[str], rows: set[int] | None, total: int | None, good: int
) -> tuple[str, str]:
    """(text, detail) above the problem list. ``total``: the rows in the file when every one was
    checked (so the row problems are complete), else None."""
    if any(p.startswith("header") for p in problems):
        return (
            f"{name}: the header row has {_problems(len(problems))}, so its rows cannot be read. "
            "Nothing was imported.",
            "Correct the column names in the first row, then import the file again.",
        )
    if rows is None or total is None:
        return (
            f"{name} cannot be read: {_problems(len(problems))}. Nothing was imported.",
            "Correct the file, then import it again.",
        )
    text = (
        f"{name}: {_problems(len(problems))} in {len(rows):,} of its {_rows(total)}. "
        "Nothing has been imported yet."
    )
    where = (
        "Row 1 is the first row under the header (row 2 in a spreadsheet). The values themselves "
        "are not shown."
    )
    if good > 0:
        then = (
            "You can import the good rows now and save the rejected ones, with their problems, to "
            "a file to correct and import later; or cancel, correct the file and import it all again."
        )
    else:
        then = "No row can be imported: correct the file, then import it again."
    return text, f"{where}\n\n{then}"
