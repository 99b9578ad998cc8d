"""A form's input as plain values (for drafts) and back, for the widget kinds the forms use."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.widgets.date_edit import DateEdit


def values(widgets: dict[str, QWidget]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, w in widgets.items():
        if isinstance(w, DateEdit | QLineEdit):
            out[name] = w.text()
        elif isinstance(w, QPlainTextEdit):
            out[name] = w.toPlainText()
        elif isinstance(w, QComboBox):
            out[name] = w.currentText()
        elif isinstance(w, QSpinBox | QDoubleSpinBox):
            out[name] = w.value()
        elif isinstance(w, QDateTimeEdit):
            out[name] = w.dateTime().toString(Qt.DateFormat.ISODate)
        elif isinstance(w, QAbstractButton):
            out[name] = w.isChecked()
    return out


def apply(widgets: dict[str, QWidget], saved: dict[str, Any]) -> None:
    for name, value in saved.items():
        w = widgets.get(name)
        if isinstance(w, DateEdit):
            w.line.setText(str(value))
            w.line.textEdited.emit(str(value))  # parsed (and checked) as if typed
        elif isinstance(w, QLineEdit):
            w.setText(str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value))
        elif isinstance(w, QComboBox):
            w.setCurrentText(str(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(float(value))
        elif isinstance(w, QDateTimeEdit):
            w.setDateTime(QDateTime.fromString(str(value), Qt.DateFormat.ISODate))
        elif isinstance(w, QAbstractButton):
            w.setChecked(bool(value))


def typed_text(widgets: dict[str, QWidget]) -> bool:
    """Whether any free-text box holds something: the input that is lost for good if dropped."""
    return any(
        (isinstance(w, QLineEdit) and w.text().strip())
        or (isinstance(w, QPlainTextEdit) and w.toPlainText().strip())
        for w in widgets.values()
    )
