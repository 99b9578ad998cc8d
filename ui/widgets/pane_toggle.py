"""A side pane that folds away: a button (and a key) hides or shows it, dragging the divider to
the edge hides it too, and where the divider was is kept between sessions (sizes only)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

from ui import geometry


class PaneToggle(QObject):
    def __init__(self, split: QSplitter, index: int, name: str, what: str, keys: str, host: QWidget) -> None:
        super().__init__(split)
        self.split, self.index, self.what = split, index, what
        self._key = f"panes/{name}"
        self._open_sizes: list[int] = []
        split.setCollapsible(index, True)
        self.button = QPushButton()
        self.button.setCheckable(True)
        self.button.setAccessibleName(f"Show or hide the {what}")
        self.button.toggled.connect(self.set_open)
        self.shortcut = QShortcut(QKeySequence(keys), host)
        self.shortcut.activated.connect(self.button.toggle)
        self.keys = keys
        self._saver = QTimer(self, singleShot=True, interval=400)
        self._saver.timeout.connect(self.save)
        split.splitterMoved.connect(self._moved)
        split.installEventFilter(self)  # sizes exist only once the splitter is laid out
        state = geometry.value(self._key)
        if isinstance(state, QByteArray | bytes):
            split.restoreState(QByteArray(state))
        self._show_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.split and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._show_state()
        return False

    def is_open(self) -> bool:
        sizes = self.split.sizes()
        return sizes[self.index] > 0 or not any(sizes)  # not laid out yet: as it will be, open

    def set_open(self, want: bool) -> None:
        if want == self.is_open():
            self._show_state()
            return
        sizes = self.split.sizes()
        if want:
            total = sum(sizes)
            sizes = self._open_sizes or [total * 3 // 5, total - total * 3 // 5]
        else:
            self._open_sizes = sizes
            other = 1 - self.index
            sizes = [0, 0]
            sizes[other] = sum(self._open_sizes)
        self.split.setSizes(sizes)
        self._show_state()
        self._saver.start()

    def _moved(self, *_args: object) -> None:
        if self.is_open():
            self._open_sizes = self.split.sizes()
        self._show_state()
        self._saver.start()

    def _show_state(self) -> None:
        shown = self.is_open()
        self.button.blockSignals(True)
        self.button.setChecked(shown)
        self.button.blockSignals(False)
        self.button.setText(f"Hide {self.what}" if shown else f"Show {self.what}")
        self.button.setToolTip(f"{'Hide' if shown else 'Show'} the {self.what} ({self.keys})")

    def save(self) -> None:
        geometry.save_value(self._key, self.split.saveState())
