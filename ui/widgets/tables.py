"""Read-only lists shared by the screens: a sortable table view over a DictTableModel, the row
chosen in it, and a grid of named check boxes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QGridLayout, QHeaderView, QTableView, QWidget

from ui.widgets.table_model import SORT_ROLE

# Rows a ResizeToContents column measures: Qt's default (1,000) measured every row of a long list
# at each load (the audit log's 5,000 rows took 0.35 s); a screenful and some spare suffice.
SIZE_SAMPLE_ROWS = 100


def fit_columns(view: QTableView) -> None:
    """Columns sized to their contents, measured on the first rows only (a long list stays quick)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)


def table(model: Any, newest_first: bool = False, name: str = "") -> QTableView:
    """A sortable read-only list, sorted on its first column (ascending unless ``newest_first``),
    with ``name`` as its accessible name."""
    view = QTableView()
    view.setAccessibleName(name)
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
    view.sortByColumn(0, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    fit_columns(view)
    return view


def selected(view: QTableView, model: Any) -> dict[str, Any] | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    index = rows[0]
    proxy = view.model()
    if isinstance(proxy, QSortFilterProxyModel):
        index = proxy.mapToSource(index)
    return dict(model.row_data(index.row()))


def checkboxes(names: tuple[str, ...], columns: int = 3) -> tuple[QWidget, dict[str, QCheckBox]]:
    """Check boxes for a fixed vocabulary, in a grid: the holder widget and the boxes by name."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for i, name in enumerate(names):
        boxes[name] = QCheckBox(name)
        grid.addWidget(boxes[name], i // columns, i % columns)
    return box, boxes
