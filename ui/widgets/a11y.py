"""Names a screen reader says for controls (WCAG 2.2 AA 4.1.2, EN 301 549 11.4.1.2).

Every focusable control needs an accessible name, a QLabel whose buddy it is, or text of its own
(tests/ui/test_accessibility.py walks every screen for it). A placeholder or a table's contents is
not a name: placeholders vanish once typed over, and many screen readers ignore them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel


def buddy_labels(form: QFormLayout) -> None:
    """Make each QLabel in a form layout's label column the buddy of its field, as addRow with
    a text label does (addRow with a QLabel object does not): Qt then names the field after it,
    and the label's &-shortcut moves focus there."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None:
            continue
        text, widget = label.widget(), field.widget()
        if isinstance(text, QLabel) and widget is not None and text.buddy() is None:
            text.setBuddy(widget)
