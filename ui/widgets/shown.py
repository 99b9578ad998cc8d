"""Showing or hiding a widget by a condition, safely before it has a parent."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def show_when(widget: QWidget, shown: bool) -> None:
    """``setVisible(shown)``, except that a widget not yet placed in a layout is only ever hidden:
    showing it would open it as a window of its own, a flash on the desktop that also takes the
    keyboard from the main window. Placed later, it shows with its parent unless hidden here."""
    if widget.parent() is None:
        if not shown:
            widget.hide()
        return
    widget.setVisible(shown)
