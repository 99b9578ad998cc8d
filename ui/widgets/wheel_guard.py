"""The mouse wheel scrolls the page, never a value the pointer happens to pass over.

Qt gives combo boxes, spin boxes and date edits the wheel (and keyboard focus with it) whenever the
pointer is over them, so scrolling a long form silently changed a DASH answer or a setting. One
application-wide filter takes that away: such a widget gets wheel events only while it already has
keyboard focus; otherwise the wheel goes to the scroll area around it.
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


def _guarded(obj: QObject) -> QWidget | None:
    """The value widget an event is for: the widget itself or the one whose line edit it is."""
    if isinstance(obj, GUARDED):
        return obj
    parent = obj.parent() if isinstance(obj, QWidget) else None
    return parent if isinstance(parent, GUARDED) else None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # WheelFocus would hand focus over on the wheel before any filter sees the event.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        widget = _guarded(watched)
        if widget is None or widget.hasFocus():
            return False
        area = _scroll_area(widget)
        if area is not None:
            delta = event.angleDelta()
            bar = area.horizontalScrollBar() if abs(delta.x()) > abs(delta.y()) else area.verticalScrollBar()
            QCoreApplication.sendEvent(bar, event)
        return True


_guard: WheelGuard | None = None


def install(app: QCoreApplication) -> WheelGuard:
    """Install the one guard on the application (again is harmless)."""
    global _guard
    if _guard is None:
        _guard = WheelGuard()
        app.installEventFilter(_guard)
        # An application-wide Python filter still installed while the interpreter shuts down gets
        # events after its wrappers are gone (PySide6 then aborts with bool_dealloc): remove it first.
        atexit.register(uninstall)
    return _guard


def uninstall() -> None:
    global _guard
    app = QCoreApplication.instance()
    if _guard is not None and app is not None:
        app.removeEventFilter(_guard)
    _guard = None
