"""A list's columns as each person wants them: shown or hidden (right-click the column titles, or
the Columns button), widths and order, kept between sessions in the window settings (column
layout only: never a value from the list). The first column is the record's reference: it is
never hidden or moved, and it stays on the left while the list scrolls sideways, drawn by a
narrow second view over the first column that shares the list's model and selection."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QMenu, QPushButton, QTableView

from ui import geometry


class FrozenFirstColumn(QTableView):
    """Column 0 of ``main``, drawn over it and kept in place when ``main`` scrolls sideways."""

    def __init__(self, main: QTableView) -> None:
        super().__init__(main)
        self.main = main
        self.setModel(main.model())
        self.setSelectionModel(main.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the list itself
        self.setAccessibleName(f"{main.accessibleName()}: reference column")
        self.setSelectionBehavior(main.selectionBehavior())
        self.setSelectionMode(main.selectionMode())
        self.setAlternatingRowColors(main.alternatingRowColors())
        self.setWordWrap(False)
        # Not sorting itself (that would sort the shared model by this column at once): a click
        # on its title sorts the list by the reference, as the list's own title would.
        self.horizontalHeader().setSectionsClickable(main.isSortingEnabled())
        self.horizontalHeader().sectionClicked.connect(self._sort_by_reference)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(main.verticalScrollMode())
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._only_first()
        main.model().modelReset.connect(self._only_first)
        main.model().layoutChanged.connect(self._only_first)
        main.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        main.horizontalHeader().sectionResized.connect(self._resized)
        main.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        # Clicks and the wheel on the frozen column act on the list as they would on its column.
        self.clicked.connect(main.clicked)
        self.doubleClicked.connect(main.doubleClicked)
        self.viewport().installEventFilter(self)
        main.installEventFilter(self)
        self.place()
        self.show()

    def _only_first(self) -> None:
        for col in range(self.model().columnCount()):
            self.setColumnHidden(col, col != 0)
        self.setColumnWidth(0, self.main.columnWidth(0))
        main_header = self.main.horizontalHeader()
        self._sorted(main_header.sortIndicatorSection(), main_header.sortIndicatorOrder())

    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicatorShown(column == 0)
        self.horizontalHeader().setSortIndicator(column, order)

    def _sort_by_reference(self, column: int) -> None:
        header = self.main.horizontalHeader()
        up = header.sortIndicatorSection() != 0 or header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.main.sortByColumn(0, Qt.SortOrder.AscendingOrder if up else Qt.SortOrder.DescendingOrder)

    def _resized(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            self.setColumnWidth(0, new)
            self.place()

    def place(self) -> None:
        """Over the list's first column: from its frame's edge to the column's right edge."""
        main, frame = self.main, self.main.frameWidth()
        self.setGeometry(
            frame,
            frame,
            main.verticalHeader().width() + main.columnWidth(0),
            main.viewport().height() + main.horizontalHeader().height(),
        )
        self.verticalScrollBar().setValue(main.verticalScrollBar().value())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.main and event.type() == QEvent.Type.Resize:
            self.place()
        elif watched is self.viewport() and event.type() == QEvent.Type.Wheel:
            self.main.verticalScrollBar().event(event)  # scrolls the list, which moves this too
            return True
        return super().eventFilter(watched, event)


class ListColumns(QObject):
    """Column choice, order and widths for one list, remembered under ``name``."""

    def __init__(self, view: QTableView, name: str) -> None:
        super().__init__(view)
        self.view, self.name = view, name
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.menu().exec(header.mapToGlobal(pos)))
        self.button = QPushButton("Col&umns…")
        self.button.setToolTip("Choose the columns this list shows (or right-click the column titles)")
        self.button.setAccessibleName(f"Choose the columns of the {view.accessibleName() or 'list'}")
        self.button.clicked.connect(
            lambda: self.menu().exec(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        )
        self._saver = QTimer(self, singleShot=True, interval=400)
        self._saver.timeout.connect(self.save)
        self.restore()
        for signal in (header.sectionMoved, header.sectionResized):
            signal.connect(self._changed)
        self.frozen = FrozenFirstColumn(view)

    def _key(self) -> str:
        # The number of columns is part of the key: a layout saved for other columns is not applied.
        return f"lists/{self.name}/{self.view.model().columnCount()}"

    def menu(self) -> QMenu:
        menu = QMenu(self.view)
        model, header = self.view.model(), self.view.horizontalHeader()
        for col in range(model.columnCount()):
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or f"Column {col + 1}")
            action = QAction(title, menu, checkable=True)
            action.setChecked(not header.isSectionHidden(col))
            if col == 0:
                action.setEnabled(False)  # the reference: always shown
                action.setToolTip("Always shown")
            action.toggled.connect(lambda on, c=col: self.set_shown(c, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Show all columns", self.show_all)
        return menu

    def set_shown(self, column: int, shown: bool) -> None:
        if column == 0:
            return
        self.view.horizontalHeader().setSectionHidden(column, not shown)
        self._changed()

    def show_all(self) -> None:
        header = self.view.horizontalHeader()
        for col in range(self.view.model().columnCount()):
            header.setSectionHidden(col, False)
        self._changed()

    def shown(self) -> list[int]:
        header = self.view.horizontalHeader()
        return [c for c in range(self.view.model().columnCount()) if not header.isSectionHidden(c)]

    def _changed(self, *_args: object) -> None:
        header = self.view.horizontalHeader()
        if header.visualIndex(0) != 0:  # the reference column was dragged: it goes back first
            header.moveSection(header.visualIndex(0), 0)
            return
        self._saver.start()

    def save(self) -> None:
        geometry.save_value(self._key(), self.view.horizontalHeader().saveState())

    def restore(self) -> None:
        state = geometry.value(self._key())
        if isinstance(state, QByteArray | bytes):
            header = self.view.horizontalHeader()
            header.restoreState(QByteArray(state))
            header.setSectionHidden(0, False)
            if header.visualIndex(0) != 0:
                header.moveSection(header.visualIndex(0), 0)
