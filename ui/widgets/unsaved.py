"""The unsaved-changes rule every form follows: a marker ("● Unsaved changes") shows while the
input differs from what the form last held clean (empty, loaded or saved), and leaving such a
form asks Save / Discard / Cancel. One object per form, so every form behaves alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui import dialogs
from ui.widgets import form_state
from ui.widgets.date_edit import DateEdit


def marker(parent: QWidget | None = None) -> QLabel:
    """The marker itself, hidden until the form changes."""
    label = QLabel("● Unsaved changes", parent)
    label.setObjectName("unsavedMarker")
    label.setAccessibleName("Unsaved changes")
    label.hide()
    return label


def _changed_signal(widget: QWidget) -> Any:
    if isinstance(widget, DateEdit):
        return widget.line.textChanged
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.valueChanged
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTimeChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    return None


class FormWatch(QObject):
    """Watches one form's widgets (given as a function, since some forms rebuild theirs)."""

    dirty_changed = Signal(bool)

    def __init__(
        self,
        widgets: Callable[[], dict[str, QWidget]],
        label: QLabel | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._widgets = widgets
        self.label = label if label is not None else marker()
        self._clean: dict[str, Any] = {}
        self._dirty = False
        self._watched: set[int] = set()
        self.mark_clean()

    def values(self) -> dict[str, Any]:
        return form_state.values(self._widgets())

    def mark_clean(self, saved: dict[str, Any] | None = None) -> None:
        """The form now holds what is saved (or nothing): no marker, nothing to ask about.
        ``saved`` gives what was saved when the user may have typed on while it was saving."""
        self._watch_new()
        self._clean = self.values() if saved is None else {**self.values(), **saved}
        self.refresh()

    def revert(self) -> None:
        """Put back what the form held when it was last clean (Discard)."""
        form_state.apply(self._widgets(), self._clean)
        self.refresh()

    def is_dirty(self) -> bool:
        return self.values() != self._clean

    def changed_fields(self) -> dict[str, Any]:
        """The fields whose value differs from the clean state, with their current values."""
        now = self.values()
        return {k: v for k, v in now.items() if self._clean.get(k) != v}

    def refresh(self) -> None:
        dirty = self.is_dirty()
        self.label.setVisible(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _watch_new(self) -> None:
        for widget in self._widgets().values():
            if id(widget) in self._watched:
                continue
            signal = _changed_signal(widget)
            if signal is not None:
                signal.connect(self.refresh)
                self._watched.add(id(widget))


def ask_before_leaving(
    parent: QWidget,
    watch: FormWatch,
    title: str,
    what: str,
    save: Callable[[], bool],
    discard: Callable[[], None],
) -> bool:
    """Leaving a changed form: True to go on. ``save`` starts the save and says whether it could
    (a problem it shows keeps the user on the form); ``discard`` empties or reloads the form."""
    if not watch.is_dirty():
        return True
    answer = dialogs.save_discard_cancel(parent, title, f"Save {what} before leaving?")
    if answer == "save":
        return save()
    if answer == "discard":
        discard()
        return True
    return False
