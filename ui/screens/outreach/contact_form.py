"""The contact form: what happened at one contact with the chosen client (new, or a saved one
being corrected). It owns its widgets and says when it holds unsaved input."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dv_forum.outreach.onward import Onward
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, NO_ANSWER, NOTES_MAX, SAFETY_PLAN
from ui.widgets.date_edit import DateEdit
from ui.widgets.tables import checkboxes
from ui.widgets.unsaved import FormWatch

NAMES = "at type safe duration review dash incident plan onward next_set next notes".split()


def agencies(text: str) -> list[str]:
    """Onward referral agencies typed in one line, separated by semicolons."""
    return [a.strip() for a in text.split(";") if a.strip()]


def onward_text(row: dict[str, Any]) -> str:
    return "; ".join(o["agency"] for o in row["onward"])


def when_text(at: str) -> str:
    """'2026-03-01T14:30' as the form shows it: 01/03/2026 14:30."""
    day, _, time = at.partition("T")
    return f"{day[8:10]}/{day[5:7]}/{day[:4]} {time}"


def _spin(low: int, high: int, special: str, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSpecialValueText(special)
    spin.setValue(value)
    return spin


class ContactForm(QGroupBox):
    def __init__(self, save: Any, cancel: Any) -> None:
        super().__init__("New contact")
        self.c_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.c_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.c_at.setCalendarPopup(True)
        self.c_type = QComboBox()
        self.c_type.addItems(list(CONTACT_TYPES))
        self.type_hint = QLabel(
            "An attempt nobody answered records when it was tried, barriers met, the next try and notes;"
            " it does not count as a contact made."
        )
        self.type_hint.setObjectName("hint")
        self.type_hint.setWordWrap(True)
        self.c_type.currentTextChanged.connect(lambda text: self.type_hint.setVisible(text == NO_ANSWER))
        self.c_safe = QCheckBox("Safe to make this contact")
        self.c_duration = _spin(-1, 720, "not recorded", 30)
        self.c_duration.setSingleStep(5)
        self.c_duration.setSuffix(" min")
        self.c_review = QCheckBox("Risk reviewed")
        self.c_dash = _spin(-1, 40, "not redone", -1)
        self.c_dash.setAccessibleName("DASH score")
        self.c_review.toggled.connect(self.c_dash.setEnabled)
        self.c_incident = QCheckBox("New incident disclosed")
        self.c_plan = QComboBox()
        self.c_plan.addItems(list(SAFETY_PLAN))
        issues, self.c_issues = checkboxes(ISSUES)
        barriers, self.c_barriers = checkboxes(BARRIERS)
        self.c_onward = QLineEdit()
        self.c_onward.setPlaceholderText("agencies referred on to, separated by ; (optional)")
        self.c_onward.setMaxLength(250)
        self.c_next_set = QCheckBox("Next contact")
        self.c_next = DateEdit(QDate.currentDate().addDays(7))
        self.c_next.setAccessibleName("next contact date")
        self.c_next_set.toggled.connect(self.c_next.setEnabled)
        self.c_notes = QPlainTextEdit()
        self.c_notes.setPlaceholderText(f"brief notes (up to {NOTES_MAX} characters)")
        self.c_notes.setMaximumHeight(80)
        self.c_notes.setTabChangesFocus(True)
        self.c_save = QPushButton("Save contact")
        self.c_save.setDefault(True)
        self.c_save.setToolTip("Save the contact (Ctrl+S)")
        self.c_save.clicked.connect(save)
        self.c_cancel = QPushButton("Cancel correction (Esc)")
        self.c_cancel.setToolTip("Leave the saved contact as it was and empty the form")
        self.c_cancel.clicked.connect(cancel)
        self.keys = {}
        for keys, fn in (("Ctrl+S", save), ("Escape", cancel)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
            self.keys[keys] = sc
        self.watch = FormWatch(self.widgets, parent=self)
        self._lay_out(issues, barriers)
        self.reset()

    def _lay_out(self, issues: QWidget, barriers: QWidget) -> None:
        form = QFormLayout(self)
        buttons = QHBoxLayout()
        for button in (self.c_save, self.c_cancel, self.watch.label):
            buttons.addWidget(button)
        buttons.addStretch(1)
        review_row = QHBoxLayout()
        for part in (self.c_review, QLabel("DASH"), self.c_dash):
            review_row.addWidget(part)
        next_row = QHBoxLayout()
        next_row.addWidget(self.c_next_set)
        next_row.addWidget(self.c_next)
        for label, item in (
            ("When", self.c_at),
            ("Type", self.c_type),
            ("", self.type_hint),
            ("", self.c_safe),
            ("Duration", self.c_duration),
            ("Risk", review_row),
            ("", self.c_incident),
            ("Safety plan", self.c_plan),
            ("Issues", issues),
            ("Barriers met", barriers),
            ("Onward referrals", self.c_onward),
            ("", next_row),
            ("Notes", self.c_notes),
            ("", buttons),
        ):
            form.addRow(label, item)

    def widgets(self) -> dict[str, QWidget]:
        """Every input by a stable name (drafts and the unsaved marker use these)."""
        found: dict[str, QWidget] = {n: getattr(self, f"c_{n}") for n in NAMES}
        found.update({f"issue:{k}": b for k, b in self.c_issues.items()})
        found.update({f"barrier:{k}": b for k, b in self.c_barriers.items()})
        return found

    def set_correcting(self, correcting: bool) -> None:
        self.c_save.setText("Save changes" if correcting else "Save contact")
        self.c_cancel.setVisible(correcting)
        self.keys["Escape"].setEnabled(correcting)

    def fields(self) -> dict[str, Any]:
        """The contact as dv_forum.outreach.contacts takes it."""
        at: datetime = self.c_at.dateTime().toPython()  # type: ignore[assignment]
        onward = self.c_onward.text().strip()
        review = self.c_review.isChecked()
        return {
            "at": at.replace(second=0, microsecond=0),
            "type": self.c_type.currentText(),
            "safe": self.c_safe.isChecked(),
            "duration_min": self.c_duration.value() if self.c_duration.value() >= 0 else None,
            "risk_review": review,
            "dash_score": self.c_dash.value() if review and self.c_dash.value() >= 0 else None,
            "new_incident": self.c_incident.isChecked(),
            "safety_plan": self.c_plan.currentText(),
            "issues": [k for k, b in self.c_issues.items() if b.isChecked()],
            "barriers_met": [k for k, b in self.c_barriers.items() if b.isChecked()],
            "onward": [Onward(a, at.date().isoformat()) for a in agencies(onward)],
            "next_contact": self.c_next.value() if self.c_next_set.isChecked() else None,
            "notes": self.c_notes.toPlainText(),
        }

    def fill(self, row: dict[str, Any]) -> None:
        """Show a saved contact, to correct it."""
        self.c_at.setDateTime(QDateTime.fromString(row["at"], "yyyy-MM-ddTHH:mm"))
        self.c_type.setCurrentText(row["type"])
        self.c_safe.setChecked(row["safe"])
        self.c_duration.setValue(-1 if row["duration_min"] is None else row["duration_min"])
        self.c_review.setChecked(row["risk_review"])
        self.c_dash.setValue(-1 if row["dash_score"] is None else row["dash_score"])
        self.c_incident.setChecked(row["new_incident"])
        self.c_plan.setCurrentText(row["safety_plan"])
        for name, box in self.c_issues.items():
            box.setChecked(name in row["issues"])
        for name, box in self.c_barriers.items():
            box.setChecked(name in row["barriers_met"])
        self.c_onward.setText(onward_text(row))
        self.c_next_set.setChecked(row["next_contact"] is not None)
        if row["next_contact"]:
            self.c_next.setDate(QDate.fromString(row["next_contact"], "yyyy-MM-dd"))
        self.c_notes.setPlainText(row["notes"] or "")
        self.set_correcting(True)
        self.watch.mark_clean()

    def prefer(self, safe_method: str | None) -> None:
        """Start a new contact as the client's safe method says (phone, text), when it is a type."""
        if safe_method in CONTACT_TYPES and not self.c_cancel.isVisibleTo(self):
            self.c_type.setCurrentText(safe_method)
            self.watch.mark_clean()

    def reset(self) -> None:
        """Empty, ready for a new contact now."""
        self.set_correcting(False)
        self.c_at.setDateTime(QDateTime.currentDateTime())
        self.c_type.setCurrentIndex(0)
        self.type_hint.setVisible(False)
        self.c_safe.setChecked(False)  # the worker says so each time; never assumed
        self.c_duration.setValue(30)
        self.c_review.setChecked(False)
        self.c_dash.setValue(-1)
        self.c_dash.setEnabled(False)
        self.c_incident.setChecked(False)
        self.c_plan.setCurrentIndex(0)
        for b in (*self.c_issues.values(), *self.c_barriers.values()):
            b.setChecked(False)
        self.c_onward.clear()
        self.c_next_set.setChecked(True)
        self.c_next.setDate(QDate.currentDate().addDays(7))
        self.c_notes.clear()
        self.watch.mark_clean()
