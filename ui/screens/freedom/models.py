"""Table models for the Freedom Programme screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dv_forum.dates import shown, shown_with_day
from ui.style import tone
from ui.widgets.table_model import DictTableModel, pct, yes_no

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


class CohortsModel(DictTableModel):
    COLUMNS = (
        ("Cohort", "code", None),
        ("Status", "status", None),
        ("Venue", "venue_code", None),
        ("Day", "weekday", None),
        ("Time", "start_time", None),
        ("Start", "start_date", shown),
        ("End", "end_date", shown),
        ("Held", "held_text", None),
        ("Enrolled", "enrolled", None),
        ("Places", "capacity", None),
        ("Completed", "completed", None),
        ("Rate", "completion_rate", pct),
        ("Creche", "creche", yes_no),
    )


class WaitingModel(DictTableModel):
    COLUMNS = (
        ("Participant", "participant_code", None),
        ("Waiting since", "added_date", shown),
        ("Status", "status", None),
        ("Offered", "offered_cohort", None),
        ("Creche", "creche_need", yes_no),
    )


class CallsModel(DictTableModel):
    COLUMNS = (
        ("Participant", "participant_code", None),
        ("Session", "session_number", None),
        ("Date", "session_date", shown_with_day),
        ("Mark", "mark", None),
    )


LETTER = {"present": "P", "apologies": "A", "absent": "X"}


class AttendanceModel(QAbstractTableModel):
    """Participants (rows) by sessions (columns), then an Attended column. Cells show P/A/X; a
    session before a rolling-entry participant joined shows a dash."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sessions: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []

    def set_grid(self, sessions: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.sessions, self.rows = sessions, rows
        self.endResetModel()

    def clear(self) -> None:
        self.set_grid([], [])

    def set_mark(self, row: int, column: int, mark: str | None) -> None:
        number = self.sessions[column]["number"]
        marks = self.rows[row]["marks"]
        if mark is None:
            marks.pop(number, None)
        else:
            marks[number] = mark
        self.sessions[column]["held"] = True
        self.dataChanged.emit(self.index(row, column), self.index(row, len(self.sessions)))

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self.sessions else len(self.sessions) + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if index.column() == len(self.sessions):
            attended = sum(1 for m in row["marks"].values() if m == "present")
            return str(attended) if role == Qt.ItemDataRole.DisplayRole else None
        session = self.sessions[index.column()]
        mark = row["marks"].get(session["number"])
        if role == Qt.ItemDataRole.DisplayRole:
            if mark is None and session["number"] < row["first_session"]:
                return "–"
            return LETTER.get(mark or "", "")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            where = f"session {session['number']} {session['topic']}"
            return f"{row['participant_code']}, {where}: {mark or 'not marked'}"
        if role == Qt.ItemDataRole.ForegroundRole and mark:
            return QBrush(QColor(tone(mark)))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section <= len(self.sessions):
                return None
            if section == len(self.sessions):
                return "Att." if role == Qt.ItemDataRole.DisplayRole else None
            s = self.sessions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(s["number"])
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{s['topic']} ({s['date']})" + (" - held" if s["held"] else "")
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.rows):
            r = self.rows[section]
            return (
                r["participant_code"]
                + (" (catch-up)" if r["catch_up"] else "")
                + (" (withdrawn)" if r["withdrawn"] else "")
            )
        return None
