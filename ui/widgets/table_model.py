"""The read-only table model behind the screens' plain lists (Audit, Settings' users, Freedom
Programme, Outreach): rows are dicts, columns fixed on a subclass; display text is split from sort
data (SORT_ROLE) so numbers sort as numbers under a QSortFilterProxyModel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


class DictTableModel(QAbstractTableModel):
    """COLUMNS: (header, key, formatter or None)."""

    COLUMNS: Sequence[tuple[str, str, Callable[[Any], str] | None]] = ()
    # For tables whose text can be cut off by a narrow column (the audit detail): the cell's
    # tooltip then shows it in full.
    TOOLTIPS = False
    # 0 files a missing count, rate or flag with the zeros. A proxy compares 0 with text
    # inconsistently, so a table of text sets "" and its blanks sort first.
    BLANK_SORTS_AS: int | str = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_data(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: _Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        header, key, fmt = self.COLUMNS[index.column()]
        row = self._rows[index.row()]
        value = row.get(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) or (
            role == Qt.ItemDataRole.ToolTipRole and self.TOOLTIPS
        ):
            if fmt is not None:
                return fmt(value)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            if value is None:
                return self.BLANK_SORTS_AS
            if isinstance(value, bool):
                return int(value)
            return value if isinstance(value, int | float) else str(value)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.row_colour(row)
        return None

    def row_colour(self, row: dict[str, Any]) -> Any:
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section][0]
        return None


def pct(value: Any) -> str:
    return "-" if value is None else f"{float(value) * 100:.0f}%"


def yes_no(value: Any) -> str:
    return "yes" if value else ""
