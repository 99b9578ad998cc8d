"""The new-cohort form: venue code (never an address), first session, time, the session list,
places, creche and facilitators."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.freedom import cohorts, sessions
from ui import dialogs
from ui.screens.freedom.host import FreedomHost
from ui.widgets import form_state
from ui.widgets.date_edit import DateEdit, first_problem
from ui.widgets.shown import show_when
from ui.widgets.unsaved import FormWatch, ask_before_leaving


class CohortForm(QGroupBox):
    def __init__(self, host: FreedomHost) -> None:
        super().__init__("New cohort")
        self.host = host
        form = QFormLayout(self)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("venue code, never an address")
        self.venue.setMaxLength(12)
        self.start = DateEdit(QDate.currentDate())
        self.start.setAccessibleName("first session date")
        self.time = QLineEdit("10:00")
        self.time.setMaxLength(5)
        self.session_list = QComboBox()
        self.session_list.addItem("12 sessions", "12")
        self.session_list.addItem("11 sessions", "11")
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 60)
        self.capacity.setValue(20)
        self.creche = QCheckBox("Creche available")
        self.facilitators = QLineEdit()
        self.facilitators.setPlaceholderText("facilitators, separated by commas")
        create = QPushButton("Set up cohort")
        create.clicked.connect(self.set_up)
        self.watch = FormWatch(self.widgets, parent=self)
        create_row = QHBoxLayout()
        create_row.addWidget(create)
        create_row.addWidget(self.watch.label)
        create_row.addStretch(1)
        for label, widget in (
            ("Venue code", self.venue),
            ("First session", self.start),
            ("Time", self.time),
            ("Sessions", self.session_list),
            ("Places", self.capacity),
            ("", self.creche),
            ("Facilitators", self.facilitators),
            ("", create_row),
        ):
            form.addRow(label, widget)
        show_when(self, host.can_edit)

    def widgets(self) -> dict[str, QWidget]:
        return {
            "venue": self.venue,
            "start": self.start,
            "time": self.time,
            "sessions": self.session_list,
            "capacity": self.capacity,
            "creche": self.creche,
            "facilitators": self.facilitators,
        }

    def set_up(self) -> bool:
        """Start setting up the cohort; False (with the reason shown) when the form cannot be saved."""
        venue = self.venue.text()
        day = self.start.value()
        if day is None or self.start.problem():
            dialogs.warning(self, "New cohort", first_problem(self.start) or "Enter the first session date.")
            return False
        time_text, preset = self.time.text(), sessions.PRESETS[self.session_list.currentData()]
        cap, creche = self.capacity.value(), self.creche.isChecked()
        facil = [f.strip() for f in self.facilitators.text().split(",") if f.strip()]
        self.host.ctx.run(
            lambda vault: cohorts.create_cohort(
                vault, venue, day, time_text, facilitators=facil, topics=preset, capacity=cap, creche=creche
            ),
            on_done=self._created,
            changes=[Area.FREEDOM],
        )
        return True

    def _created(self, code: str) -> None:
        self.empty()
        self.host.done(f"Cohort {code} set up.")

    def empty(self) -> None:
        for w in (self.venue, self.facilitators):
            w.clear()
        self.watch.mark_clean()

    def leave_ok(self) -> bool:
        if not self.host.can_edit:
            return True
        return ask_before_leaving(
            self, self.watch, "Unsaved cohort", "the new cohort", self.set_up, self.watch.revert
        )

    def draft(self) -> dict[str, Any] | None:
        return self.watch.values() if self.host.can_edit and self.watch.is_dirty() else None

    def restore(self, values: dict[str, Any]) -> None:
        form_state.apply(self.widgets(), values)
        self.watch.refresh()
