"""Enrolment: the waiting list (places offered oldest first), starting a cohort, the answers to
offers, enrolling at once, and the new-participant form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.freedom import participants
from ui.screens.freedom.host import FreedomHost
from ui.screens.freedom.models import WaitingModel
from ui.widgets import form_state
from ui.widgets.tables import selected, table
from ui.widgets.unsaved import FormWatch, ask_before_leaving


class EnrolmentPanel(QWidget):
    def __init__(self, host: FreedomHost) -> None:
        super().__init__()
        self.host = host
        self.waiting_model = WaitingModel(self)
        box = QVBoxLayout(self)
        self.waiting_view = table(self.waiting_model, name="Waiting list")
        # As the label says: longest waiting first (the order places are offered in).
        self.waiting_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        box.addWidget(QLabel("Waiting list (places are offered oldest first)"))
        box.addWidget(self.waiting_view, 1)
        row = QHBoxLayout()
        self.enrol_choice = QComboBox()
        self.enrol_choice.setAccessibleName("Cohort for offers and enrolment")
        self.offer_button = QPushButton("Start cohort / offer places")
        self.offer_button.clicked.connect(self.offer)
        self.accept_button = QPushButton("Accepted")
        self.accept_button.clicked.connect(lambda: self.answer(True))
        self.decline_button = QPushButton("Declined")
        self.decline_button.clicked.connect(lambda: self.answer(False))
        self.enrol_button = QPushButton("Enrol now")
        self.enrol_button.clicked.connect(self.enrol_selected)
        row.addWidget(QLabel("Cohort"))
        row.addWidget(self.enrol_choice, 1)
        for b in (self.offer_button, self.enrol_button, self.accept_button, self.decline_button):
            row.addWidget(b)
        box.addLayout(row)
        add = self._participant_form()
        box.addWidget(add)
        for w in (add, self.offer_button, self.accept_button, self.decline_button, self.enrol_button):
            w.setEnabled(host.can_edit)

    def _participant_form(self) -> QWidget:
        add = QGroupBox("New participant")
        form = QFormLayout(add)
        self.p_code = QLineEdit()
        self.p_code.setPlaceholderText("leave empty for the next code")
        self.p_source = QLineEdit()
        self.p_source.setMaxLength(60)
        self.p_case = QLineEdit()
        self.p_case.setPlaceholderText("optional case reference")
        self.p_creche = QCheckBox("Needs a creche place")
        self.p_wait = QCheckBox("Add to the waiting list")
        self.p_wait.setChecked(True)
        add_button = QPushButton("Add participant")
        add_button.clicked.connect(self.add_participant)
        self.watch = FormWatch(self.widgets, parent=self)
        add_row = QHBoxLayout()
        add_row.addWidget(add_button)
        add_row.addWidget(self.watch.label)
        add_row.addStretch(1)
        for label, widget in (
            ("Code", self.p_code),
            ("Referred by", self.p_source),
            ("Case", self.p_case),
            ("", self.p_creche),
            ("", self.p_wait),
            ("", add_row),
        ):
            form.addRow(label, widget)
        return add

    def widgets(self) -> dict[str, QWidget]:
        return {
            "code": self.p_code,
            "source": self.p_source,
            "case": self.p_case,
            "creche": self.p_creche,
            "wait": self.p_wait,
        }

    def show_lists(self, waiting: list[dict[str, Any]], open_codes: list[str]) -> None:
        self.waiting_model.set_rows(waiting)
        current = self.enrol_choice.currentText()
        self.enrol_choice.clear()
        self.enrol_choice.addItems(open_codes)
        if current in open_codes:
            self.enrol_choice.setCurrentText(current)

    def _run(self, fn: Any, said: Any) -> None:
        self.host.ctx.run(fn, on_done=lambda r: self.host.done(said(r)), changes=[Area.FREEDOM])

    def add_participant(self) -> bool:
        code, source, case = self.p_code.text().strip() or None, self.p_source.text(), self.p_case.text()
        creche, wait = self.p_creche.isChecked(), self.p_wait.isChecked()

        def work(vault: Any) -> str:
            with vault.transaction():
                made = participants.add_participant(
                    vault, code=code, case=case or None, referral_source=source, creche_need=creche
                )
                if wait:
                    participants.add_to_waiting(vault, made)
            return made

        self.host.ctx.run(work, on_done=self._added, changes=[Area.FREEDOM])
        return True

    def _added(self, code: str) -> None:
        for w in (self.p_code, self.p_source, self.p_case):
            w.clear()
        self.watch.mark_clean()
        self.host.done(f"Participant {code} added.")

    def offer(self) -> None:
        cohort = self.enrol_choice.currentText()
        if cohort:
            self._run(
                lambda vault: participants.start_cohort(vault, cohort),
                lambda codes: f"{len(codes)} place(s) offered in {cohort}.",
            )

    def answer(self, accept: bool) -> None:
        row = selected(self.waiting_view, self.waiting_model)
        if row is None:
            self.host.status.setText("Choose someone on the waiting list first.")
            return
        code = row["participant_code"]
        self._run(
            lambda vault: participants.answer_offer(vault, code, accept),
            lambda _e: "Enrolled." if accept else "Offer declined.",
        )

    def enrol_selected(self) -> None:
        row = selected(self.waiting_view, self.waiting_model)
        cohort = self.enrol_choice.currentText()
        if row is None or not cohort:
            self.host.status.setText("Choose a cohort and someone on the waiting list first.")
            return
        code = row["participant_code"]
        self._run(
            lambda vault: participants.enrol(vault, cohort, code),
            lambda e: f"Enrolled from session {e.first_session}.",
        )

    def leave_ok(self) -> bool:
        if not self.host.can_edit:
            return True
        return ask_before_leaving(
            self,
            self.watch,
            "Unsaved participant",
            "the new participant",
            self.add_participant,
            self.watch.revert,
        )

    def draft(self) -> dict[str, Any] | None:
        return self.watch.values() if self.host.can_edit and self.watch.is_dirty() else None

    def restore(self, values: dict[str, Any]) -> None:
        form_state.apply(self.widgets(), values)
        self.watch.refresh()

    def clear(self) -> None:
        self.waiting_model.clear()
        self.enrol_choice.clear()
        for w in (self.p_code, self.p_source, self.p_case):
            w.clear()
        self.watch.mark_clean()
