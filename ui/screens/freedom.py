"""Freedom Programme screen: cohorts and their summary, the attendance grid (marked from the
keyboard: P / A / X, Delete to clear), follow-up calls, enrolment and the waiting list."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.freedom import attendance, cohorts, participants, report, sessions, summary
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.screens.freedom_models import AttendanceModel, CallsModel, CohortsModel, WaitingModel
from ui.widgets import form_state
from ui.widgets.date_edit import DateEdit, first_problem
from ui.widgets.tables import selected, table
from ui.widgets.unsaved import FormWatch, ask_before_leaving

KEY_MARKS = {
    Qt.Key.Key_P: "present",
    Qt.Key.Key_1: "present",
    Qt.Key.Key_A: "apologies",
    Qt.Key.Key_2: "apologies",
    Qt.Key.Key_X: "absent",
    Qt.Key.Key_3: "absent",
    Qt.Key.Key_Delete: None,
    Qt.Key.Key_Backspace: None,
}


class FreedomScreen(Screen):
    title = "Freedom Programme"
    nav_key = "freedom"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_edit = allowed(ctx.role, Perm.EDIT_FREEDOM)
        self.can_mark = allowed(ctx.role, Perm.RECORD_ATTENDANCE)
        self.cohorts_model = CohortsModel(self)
        self.grid_model = AttendanceModel(self)
        self.calls_model = CallsModel(self)
        self.waiting_model = WaitingModel(self)
        self.grid_cohort = ""
        self.status = QLabel("")
        self.status.setObjectName("freedomStatus")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cohorts_tab(), "Cohorts")
        self.tabs.addTab(self._attendance_tab(), "Attendance")
        self.tabs.addTab(self._enrolment_tab(), "Enrolment and waiting list")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)

    # ----- building -----
    def _cohorts_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.cohorts_view = table(self.cohorts_model, newest_first=True)
        self.rates_label = QLabel("")
        self.rates_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton("Summary PDF…")
        self.pdf_button.clicked.connect(self.save_summary)
        self.grid_button = QPushButton("Open attendance")
        self.grid_button.clicked.connect(self._open_selected_grid)
        buttons.addWidget(self.grid_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        box.addWidget(self.cohorts_view, 1)
        box.addWidget(self.rates_label)
        box.addLayout(buttons)
        self.new_box = QGroupBox("New cohort")
        form = QFormLayout(self.new_box)
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
        create.clicked.connect(self.create_cohort)
        self.cohort_watch = FormWatch(self._cohort_widgets, parent=self)
        create_row = QHBoxLayout()
        create_row.addWidget(create)
        create_row.addWidget(self.cohort_watch.label)
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
        self.new_box.setVisible(self.can_edit)
        box.addWidget(self.new_box)
        return page

    def _attendance_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        self.grid_choice = QComboBox()
        self.grid_choice.setAccessibleName("Cohort")
        self.grid_choice.activated.connect(lambda _i: self.load_grid(self.grid_choice.currentText()))
        top.addWidget(QLabel("Cohort"))
        top.addWidget(self.grid_choice, 1)
        hint = QLabel("Select a cell, then P present, A apologies, X absent, Delete to clear.")
        hint.setWordWrap(True)
        top.addWidget(hint, 2)
        box.addLayout(top)
        self.grid_view = QTableView()
        self.grid_view.setModel(self.grid_model)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_view.installEventFilter(self)
        box.addWidget(self.grid_view, 3)
        calls = QGroupBox("Follow-up calls after a missed session")
        cbox = QVBoxLayout(calls)
        self.calls_view = table(self.calls_model)
        cbox.addWidget(self.calls_view, 1)
        row = QHBoxLayout()
        self.outcome = QComboBox()
        self.outcome.addItems(list(attendance.OUTCOMES))
        self.outcome.setAccessibleName("Call outcome")
        made = QPushButton("Call made")
        made.clicked.connect(self.record_call)
        row.addWidget(QLabel("Outcome"))
        row.addWidget(self.outcome)
        row.addWidget(made)
        row.addStretch(1)
        cbox.addLayout(row)
        box.addWidget(calls, 2)
        return page

    def _enrolment_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.waiting_view = table(self.waiting_model)
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
        self.participant_watch = FormWatch(self._participant_widgets, parent=self)
        add_row = QHBoxLayout()
        add_row.addWidget(add_button)
        add_row.addWidget(self.participant_watch.label)
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
        box.addWidget(add)
        for w in (add, self.offer_button, self.accept_button, self.decline_button, self.enrol_button):
            w.setEnabled(self.can_edit)
        return page

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.refresh()

    reloads_on = frozenset({Area.FREEDOM, Area.SETTINGS})

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        def fetch(vault: Any) -> dict[str, Any]:
            rows = []
            for s in summary.cohort_summaries(vault):
                d = s.as_dict()
                d["held_text"] = f"{s.sessions_held}/{s.sessions}"
                rows.append(d)
            return {
                "cohorts": rows,
                "rates": summary.yearly_rates(vault),
                "waiting": [asdict(w) for w in participants.waiting_list(vault)],
            }

        self.ctx.run(fetch, on_done=self._loaded)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.cohorts_model.set_rows(data["cohorts"])
        self.waiting_model.set_rows(data["waiting"])
        self.rates_label.setText(
            "Completion by year: "
            + (
                "; ".join(
                    f"{r['year']}: {r['completed']} of {r['enrolled']}"
                    + ("" if r["completion_rate"] is None else f" ({r['completion_rate'] * 100:.0f}%)")
                    for r in data["rates"]
                )
                or "no cohorts yet"
            )
        )
        open_codes = [r["code"] for r in data["cohorts"] if r["status"] != "finished"]
        all_codes = [r["code"] for r in data["cohorts"]]
        for combo, codes in ((self.grid_choice, all_codes), (self.enrol_choice, open_codes)):
            current = combo.currentText()
            combo.clear()
            combo.addItems(codes)
            if current in codes:
                combo.setCurrentText(current)
        if not self.grid_cohort and open_codes:
            self.grid_choice.setCurrentText(open_codes[-1])
        if self.grid_choice.currentText():
            self.load_grid(self.grid_choice.currentText())

    def load_grid(self, code: str) -> None:
        if not code:
            return

        def fetch(vault: Any) -> dict[str, Any]:
            g = attendance.grid(vault, code)
            return {
                "code": g.cohort_code,
                "sessions": [asdict(s) for s in g.sessions],
                "rows": [
                    {
                        "participant_code": r.participant_code,
                        "first_session": r.first_session,
                        "catch_up": r.catch_up,
                        "withdrawn": r.withdrawn,
                        "marks": dict(r.marks),
                    }
                    for r in g.rows
                ],
                "calls": [asdict(f) for f in attendance.follow_ups(vault, g.cohort_code)],
            }

        self.ctx.run(fetch, on_done=self._grid_loaded)

    def _grid_loaded(self, data: dict[str, Any]) -> None:
        # A reload of the same cohort (after a save) keeps the cursor where the register-taker is.
        here = self.grid_view.currentIndex()
        keep = (here.row(), here.column()) if data["code"] == self.grid_cohort and here.isValid() else None
        self.grid_cohort = data["code"]
        self.grid_model.set_grid(data["sessions"], data["rows"])
        self.calls_model.set_rows(data["calls"])
        if not data["rows"]:
            return
        if keep is None:
            keep = (0, next((i for i, s in enumerate(data["sessions"]) if not s["held"]), 0))
        self.grid_view.setCurrentIndex(self.grid_model.index(*keep))

    def _open_selected_grid(self) -> None:
        row = selected(self.cohorts_view, self.cohorts_model)
        if row:
            self.grid_choice.setCurrentText(row["code"])
            self.load_grid(row["code"])
            self.tabs.setCurrentIndex(1)
            self.grid_view.setFocus()

    # ----- attendance from the keyboard -----
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.grid_view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key in KEY_MARKS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.mark_current(KEY_MARKS[key])
                return True
        return super().eventFilter(obj, event)

    def mark_current(self, mark: str | None) -> None:
        index = self.grid_view.currentIndex()
        model = self.grid_model
        if not self.can_mark or not index.isValid() or index.column() >= len(model.sessions):
            return
        row, col = index.row(), index.column()
        code = model.rows[row]["participant_code"]
        number = model.sessions[col]["number"]
        cohort = self.grid_cohort
        model.set_mark(row, col, mark)
        # Move down the session column: a register is taken top to bottom.
        if row + 1 < model.rowCount():
            self.grid_view.setCurrentIndex(model.index(row + 1, col))
        self.ctx.run(
            lambda vault: attendance.record_attendance(vault, cohort, number, {code: mark}),
            on_done=lambda _r: self._after_mark(cohort),
            on_error=lambda exc: self._failed(exc, reload_grid=True),
            changes=[Area.FREEDOM],
        )

    def _after_mark(self, cohort: str) -> None:
        self.status.setText("Saved.")
        self.ctx.run(
            lambda vault: [asdict(f) for f in attendance.follow_ups(vault, cohort)],
            on_done=self.calls_model.set_rows,
        )

    def record_call(self) -> None:
        row = selected(self.calls_view, self.calls_model)
        if row is None:
            self.status.setText("Choose a call from the list first.")
            return
        outcome = self.outcome.currentText()
        self.ctx.run(
            lambda vault: attendance.record_follow_up(vault, row["id"], outcome),
            on_done=lambda _r: self.load_grid(self.grid_cohort),
            changes=[Area.FREEDOM],
        )

    # ----- cohorts and enrolment -----
    def create_cohort(self) -> bool:
        """Start setting up the cohort; False (with the reason shown) when the form cannot be saved."""
        venue = self.venue.text()
        day = self.start.value()
        if day is None or self.start.problem():
            dialogs.warning(self, "New cohort", first_problem(self.start) or "Enter the first session date.")
            return False
        time_text, preset = self.time.text(), sessions.PRESETS[self.session_list.currentData()]
        cap, creche = self.capacity.value(), self.creche.isChecked()
        facil = [f.strip() for f in self.facilitators.text().split(",") if f.strip()]
        self.ctx.run(
            lambda vault: cohorts.create_cohort(
                vault, venue, day, time_text, facilitators=facil, topics=preset, capacity=cap, creche=creche
            ),
            on_done=self._cohort_created,
            changes=[Area.FREEDOM],
        )
        return True

    def _cohort_created(self, code: str) -> None:
        for w in (self.venue, self.facilitators):
            w.clear()
        self.cohort_watch.mark_clean()
        self._done(f"Cohort {code} set up.")

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

        self.ctx.run(work, on_done=lambda made: self._participant_added(made), changes=[Area.FREEDOM])
        return True

    def _participant_added(self, code: str) -> None:
        for w in (self.p_code, self.p_source, self.p_case):
            w.clear()
        self.participant_watch.mark_clean()
        self._done(f"Participant {code} added.")

    def offer(self) -> None:
        cohort = self.enrol_choice.currentText()
        if not cohort:
            return
        self.ctx.run(
            lambda vault: participants.start_cohort(vault, cohort),
            on_done=lambda codes: self._done(f"{len(codes)} place(s) offered in {cohort}."),
            changes=[Area.FREEDOM],
        )

    def answer(self, accept: bool) -> None:
        row = selected(self.waiting_view, self.waiting_model)
        if row is None:
            self.status.setText("Choose someone on the waiting list first.")
            return
        code = row["participant_code"]
        self.ctx.run(
            lambda vault: participants.answer_offer(vault, code, accept),
            on_done=lambda _e: self._done("Enrolled." if accept else "Offer declined."),
            changes=[Area.FREEDOM],
        )

    def enrol_selected(self) -> None:
        row = selected(self.waiting_view, self.waiting_model)
        cohort = self.enrol_choice.currentText()
        if row is None or not cohort:
            self.status.setText("Choose a cohort and someone on the waiting list first.")
            return
        code = row["participant_code"]
        self.ctx.run(
            lambda vault: participants.enrol(vault, cohort, code),
            on_done=lambda e: self._done(f"Enrolled from session {e.first_session}."),
            changes=[Area.FREEDOM],
        )

    def save_summary(self, target: Path | None = None) -> None:
        row = selected(self.cohorts_view, self.cohorts_model)
        if row is None:
            self.status.setText("Choose a cohort first.")
            return
        if target is None:
            target = dialogs.save_file(
                self, "Save cohort summary", Path.home() / f"{row['code']}-summary.pdf", "PDF files (*.pdf)"
            )
            if target is None:
                return
        code, out = row["code"], Path(target)
        self.ctx.run(
            lambda vault: report.write_cohort_report(vault, code, out, date.today()),
            on_done=lambda pages: self._done(f"Summary saved ({pages} page(s))."),
        )

    # ----- feedback -----
    def _done(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException, reload_grid: bool = False) -> None:
        self.status.setText(str(exc) if hasattr(exc, "next_step") else "That could not be saved.")
        if reload_grid:
            self.load_grid(self.grid_cohort)

    def _cohort_widgets(self) -> dict[str, QWidget]:
        return {
            "venue": self.venue,
            "start": self.start,
            "time": self.time,
            "sessions": self.session_list,
            "capacity": self.capacity,
            "creche": self.creche,
            "facilitators": self.facilitators,
        }

    def _participant_widgets(self) -> dict[str, QWidget]:
        return {
            "code": self.p_code,
            "source": self.p_source,
            "case": self.p_case,
            "creche": self.p_creche,
            "wait": self.p_wait,
        }

    def leave_ok(self) -> bool:
        if not self.can_edit:
            return True
        return ask_before_leaving(
            self,
            self.cohort_watch,
            "Unsaved cohort",
            "the new cohort",
            self.create_cohort,
            self.cohort_watch.revert,
        ) and ask_before_leaving(
            self,
            self.participant_watch,
            "Unsaved participant",
            "the new participant",
            self.add_participant,
            self.participant_watch.revert,
        )

    def draft(self) -> dict[str, Any] | None:
        if not self.can_edit:
            return None
        out = {
            name: watch.values()
            for name, watch in (("cohort", self.cohort_watch), ("participant", self.participant_watch))
            if watch.is_dirty()
        }
        return out or None

    def restore_draft(self, content: dict[str, Any]) -> None:
        form_state.apply(self._cohort_widgets(), content.get("cohort", {}))
        form_state.apply(self._participant_widgets(), content.get("participant", {}))
        self.cohort_watch.refresh()
        self.participant_watch.refresh()

    def clear(self) -> None:
        for model in (self.cohorts_model, self.grid_model, self.calls_model, self.waiting_model):
            model.clear()
        for combo in (self.grid_choice, self.enrol_choice):
            combo.clear()
        for w in (self.p_code, self.p_source, self.p_case, self.venue, self.facilitators):
            w.clear()
        self.cohort_watch.mark_clean()
        self.participant_watch.mark_clean()
        self.rates_label.clear()
        self.status.clear()
        self.grid_cohort = ""
