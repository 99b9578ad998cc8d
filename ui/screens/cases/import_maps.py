"""The import's mapping table: values of a list column (area, referring agency) that are not in the
partnership's lists, each with the list value to read it as, and whether to remember the choices
for later files (the app's `--map` and `--remember`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum import lists
from dv_forum.cases.import_lists import LIST_COLUMNS, Unknown, UnknownValues

LEAVE = "(leave it: those rows are refused)"
HEADERS = ("Column", "In the file", "Rows", "Read as")


def _label(entry: Unknown) -> str:
    return f"'{entry.shown}'" if entry.shown is not None else f"a value of {len(entry.value)} characters"


class MapValuesDialog(QDialog):
    """Choose, for each unknown value, the list value to read it as."""

    def __init__(self, parent: QWidget | None, problem: UnknownValues) -> None:
        super().__init__(parent)
        self.setWindowTitle("Map values to your lists")
        self.unknown = problem.unknown
        others = len(problem.problems) - len(problem.unknown)
        intro = (
            "These values are not in your lists. Choose what each one means; the import then runs "
            "again with your choices. To add a new value instead, use Settings > Lists."
        )
        if others > 0:
            intro += f"\n{others} other problem(s) in the file will still need correcting."
        text = QLabel(intro)
        text.setWordWrap(True)
        self.table = QTableWidget(len(self.unknown), len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setAccessibleName("Values not in your lists")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.boxes: list[QComboBox] = []
        for row, entry in enumerate(self.unknown):
            self._fill(row, entry, problem.choices.get(entry.column, []))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.remember = QCheckBox("Remember these for later files")
        self.remember.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import with these")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def _fill(self, row: int, entry: Unknown, values: list[str]) -> None:
        kind = lists.KINDS[LIST_COLUMNS[entry.column]]
        for col, text in enumerate((entry.column, _label(entry), f"{len(entry.rows):,}")):
            item = QTableWidgetItem(text)
            item.setToolTip(
                f"Rows {', '.join(map(str, entry.rows[:10]))}" + ("…" if len(entry.rows) > 10 else "")
            )
            self.table.setItem(row, col, item)
        box = QComboBox()
        box.addItem(LEAVE)
        box.addItems(values)
        box.setAccessibleName(f"Read {_label(entry)} in {entry.column} as this {kind}")
        if entry.suggestion in values:
            box.setCurrentIndex(values.index(entry.suggestion) + 1)
        self.table.setCellWidget(row, 3, box)
        self.boxes.append(box)

    def maps(self) -> list[tuple[str, str, str]]:
        """(column, value in the file, list value) for each value given a meaning."""
        return [
            (entry.column, entry.value, box.currentText())
            for entry, box in zip(self.unknown, self.boxes, strict=True)
            if box.currentIndex() > 0
        ]

    def values(self) -> dict[str, object]:
        return {"maps": self.maps(), "remember": self.remember.isChecked()}
