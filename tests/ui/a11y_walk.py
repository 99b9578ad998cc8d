"""Walk a widget tree and list every focusable control a screen reader could not name.

A control is named when it has an accessible name, a QLabel whose buddy it is (or the widget it is
the focus proxy of: a label's buddy shortcut and Qt's name lookup land there), or visible text of
its own (buttons, check boxes, radio buttons, tool buttons, tab bars, labels). Text typed into a
box, a placeholder or a table's contents never count. Each tab of every tab widget is shown in turn
so controls on hidden tabs are walked too; widgets hidden by design (not shown on their tab) are
not. Parts a composite control owns (a combo box's line edit, a spin box's editor, a scroll area's
scroll bars) are judged as their owner.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

OWN_TEXT = (QAbstractButton, QLabel)


def _owned_part(widget: QWidget) -> bool:
    """Inner parts of a composite Qt control: the owner carries the name. A widget that hands
    its focus to another (a tab widget to its tab bar) is judged by that one."""
    if widget.focusProxy() is not None:
        return True
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return True
    return isinstance(widget, QScrollBar)


def _labelled(widget: QWidget, buddies: set[int]) -> bool:
    if widget.accessibleName().strip():
        return True
    if id(widget) in buddies:
        return True
    # A widget that forwards its focus here (DateEdit's line): its name or label is this one's.
    parent = widget.parentWidget()
    while parent is not None:
        if parent.focusProxy() is widget:
            return bool(parent.accessibleName().strip()) or id(parent) in buddies
        parent = parent.parentWidget()
    return False


def _own_text(widget: QWidget) -> bool:
    if isinstance(widget, OWN_TEXT):
        return bool(widget.text().replace("&", "").strip())  # type: ignore[attr-defined]
    if isinstance(widget, QTabBar):
        return all(widget.tabText(i).strip() for i in range(widget.count()))
    if isinstance(widget, QGroupBox):
        return bool(widget.title().strip())
    return False


def describe(widget: QWidget) -> str:
    text = ""
    if hasattr(widget, "placeholderText"):
        text = widget.placeholderText()
    return f"{type(widget).__name__} > {widget.objectName() or text or '(no name)'}"


def unnamed_visible(root: QWidget, where: str, buddies: set[int]) -> dict[int, str]:
    found = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if _owned_part(widget) or _own_text(widget) or _labelled(widget, buddies):
            continue
        found[id(widget)] = f"{where} > {describe(widget)}"
    return found


def label_buddies(root: QWidget) -> set[int]:
    return {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}


def _walk(root: QWidget, where: str, found: dict[int, str], seen: set[int]) -> None:
    QApplication.processEvents()
    found.update(unnamed_visible(root, where, label_buddies(root.window())))
    for tabs in root.findChildren(QTabWidget):
        if id(tabs) in seen or not tabs.isVisible():
            continue
        seen.add(id(tabs))
        was = tabs.currentIndex()
        for i in range(tabs.count()):
            if not tabs.isTabVisible(i):
                continue
            tabs.setCurrentIndex(i)
            label = tabs.tabText(i).replace("&", "")
            _walk(tabs.widget(i), f"{where} > {label}", found, seen)  # the tab's name wins
        tabs.setCurrentIndex(was)


def walk(root: QWidget, where: str) -> list[str]:
    """Offenders under ``root`` with every tab of every tab widget shown in turn."""
    found: dict[int, str] = {}
    _walk(root, where, found, set())
    return list(found.values())


def walk_pages(pages: list[tuple[str, Callable[[], QWidget]]]) -> list[str]:
    """Walk several states of a window: each entry shows one and returns the widget to walk."""
    found: list[str] = []
    for where, show in pages:
        found += walk(show(), where)
    return sorted(set(found), key=found.index)
