""" "Export to Excel…" for a list on a screen: what the list shows (its filter, order and visible
columns) goes to an .xlsx written on the DB worker (dv_forum.io.list_export), never on the GUI
thread. Reachable by keyboard three ways: the button (Tab), Ctrl+Shift+E while the list has the
focus, and the list's context menu (the Menu key) where the list has no menu of its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QBoxLayout, QPushButton, QTableView, QWidget

from dv_forum.areas import Area
from dv_forum.dates import shown
from dv_forum.io.csv_safe import Cell
from dv_forum.io.list_export import Exported, export_list
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.widgets.shown import show_when

SHORTCUT = "Ctrl+Shift+E"
TEXT = "Export to E&xcel…"


def shown_table(view: QAbstractItemView) -> tuple[list[str], list[list[Cell]]]:
    """The header and rows as ``view`` shows them: filtered, in its order, hidden columns left out.
    A number stays a number where its text is the number itself. A model with ``shown_table()``
    (the case list: 100,000 rows) gives them directly."""
    model = view.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    fast = getattr(source, "shown_table", None)
    if fast is not None and source is model:
        return fast()  # type: ignore[no-any-return]
    hidden = view.isColumnHidden if isinstance(view, QTableView) else (lambda _c: False)
    columns = [c for c in range(model.columnCount()) if not hidden(c)]
    header = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    sort_role = getattr(model, "sortRole", lambda: None)()
    rows: list[list[Cell]] = []
    for r in range(model.rowCount()):
        row: list[Cell] = []
        for c in columns:
            index = model.index(r, c)
            text = str(index.data() or "")
            raw = index.data(sort_role) if sort_role is not None else None
            number = isinstance(raw, int | float) and not isinstance(raw, bool) and str(raw) == text
            day = isinstance(raw, str) and raw != text and shown(raw) == text  # written as a date
            row.append(raw if number or day else text)
        rows.append(row)
    return header, rows


def _file_name(list_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", list_name.lower()).strip("-") + ".xlsx"


class ListExport(QObject):
    """The export of one list: ``action`` (on the list, with the shortcut) and ``button``."""

    def __init__(self, screen: Any, view: QAbstractItemView, list_name: str) -> None:
        super().__init__(view)
        self.screen, self.view, self.list_name = screen, view, list_name
        self.folder = Path.home()
        tip = f"Write the {list_name.lower()} as shown (its filter) to an Excel file ({SHORTCUT})"
        self.action = QAction(TEXT, view)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.export)
        view.addAction(self.action)
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.button = QPushButton(TEXT.replace("&", ""))
        self.button.setAccessibleName(f"Export the {list_name.lower()} to Excel")
        self.button.setToolTip(tip)
        self.button.clicked.connect(self.export)
        may = allowed(screen.ctx.role, Perm.EXPORT)
        self.action.setEnabled(may)
        show_when(self.button, may)

    def export(self) -> None:
        if not self.action.isEnabled():
            return
        parent: QWidget = self.screen
        chosen = dialogs.save_file(
            parent, "Export to Excel", self.folder / _file_name(self.list_name), "Excel workbooks (*.xlsx)"
        )
        if chosen is None:
            return
        self.folder = Path(chosen).parent
        header, rows = shown_table(self.view)  # read now, on the GUI thread: the list may change
        name = self.list_name
        self.button.setEnabled(False)
        self.screen.ctx.run(
            lambda vault: export_list(vault, Path(chosen), name, header, rows),
            on_done=self._done,
            on_error=self._failed,
            changes=[Area.AUDIT],  # the export is audited
        )

    def _done(self, result: Exported) -> None:
        self.button.setEnabled(True)
        rows = f"{result.rows} {'row' if result.rows == 1 else 'rows'}"
        dialogs.info(
            self.screen,
            "Export to Excel",
            f"{rows} of the {self.list_name.lower()} written to {result.path.name}.",
            "The file is marked with the vault's protective marking. Keep it as securely as the vault.",
        )

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        dialogs.show_exception(self.screen, exc, "Export to Excel")


def place_under(view: QWidget, button: QPushButton) -> None:
    """Put the button right under the list, at its right (the list's box layout)."""
    parent = view.parentWidget()
    layout = parent.layout() if parent is not None else None
    if not isinstance(layout, QBoxLayout):
        raise TypeError("place_under needs a list in a box layout")
    layout.insertWidget(layout.indexOf(view) + 1, button, 0, Qt.AlignmentFlag.AlignRight)


# Lists whose screen is edited elsewhere get their export from here (the main window attaches it
# when it builds the screens): nav key -> (list name, the list view on that screen).
EXTERNAL: dict[str, tuple[str, Callable[[Any], QAbstractItemView]]] = {
    "marac": ("MARAC actions", lambda screen: screen.actions_panel.table),
}


def attach_external(screen: Any) -> ListExport | None:
    """The export of a list in EXTERNAL on ``screen``, its button under the list."""
    spec = EXTERNAL.get(screen.nav_key)
    if spec is None or not hasattr(screen, "ctx"):
        return None
    name, view_of = spec
    try:
        view = view_of(screen)
    except AttributeError:  # a screen the role may not open (NoAccessScreen) has no list
        return None
    export = ListExport(screen, view, name)
    place_under(view, export.button)
    screen.list_export = export
    return export
