"""The attendance register of one cohort, marked from the keyboard (P / A / X, Delete to clear;
the cursor moves down the session column), and the follow-up calls after a missed session."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.freedom import attendance
from ui import dialogs
from ui.screens.freedom.host import FreedomHost
from ui.screens.freedom.models import AttendanceModel, CallsModel
from ui.widgets.tables import selected, table

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


def _grid(vault: Any, code: str) -> dict[str, Any]:
    g = attendance.grid(vault, code)
    rows = [
        {
            "participant_code": r.participant_code,
            "first_session": r.first_session,
            "catch_up": r.catch_up,
            "withdrawn": r.withdrawn,
            "marks": dict(r.marks),
        }
        for r in g.rows
    ]
    return {
        "code": g.cohort_code,
        "sessions": [asdict(s) for s in g.sessions],
        "rows": rows,
        "calls": [asdict(f) for f in attendance.follow_ups(vault, g.cohort_code)],
    }


class RegisterPanel(QWidget):
    def __init__(self, host: FreedomHost) -> None:
        super().__init__()
        self.host = host
        self.grid_model = AttendanceModel(self)
        self.calls_model = CallsModel(self)
        self.grid_cohort = ""
        box = QVBoxLayout(self)
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
        self.grid_view.setAccessibleName("Attendance register")
        self.grid_view.setModel(self.grid_model)
        self.grid_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_view.installEventFilter(self)
        box.addWidget(self.grid_view, 3)
        box.addWidget(self._calls_box(), 2)

    def _calls_box(self) -> QWidget:
        calls = QGroupBox("Follow-up calls after a missed session")
        cbox = QVBoxLayout(calls)
        self.calls_view = table(self.calls_model, name="Follow-up calls")
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
        return calls

    def set_cohorts(self, codes: list[str], open_codes: list[str]) -> None:
        current = self.grid_choice.currentText()
        self.grid_choice.clear()
        self.grid_choice.addItems(codes)
        if current in codes:
            self.grid_choice.setCurrentText(current)
        if not self.grid_cohort and open_codes:
            self.grid_choice.setCurrentText(open_codes[-1])
        if self.grid_choice.currentText():
            self.load_grid(self.grid_choice.currentText())

    def open(self, code: str) -> None:
        self.grid_choice.setCurrentText(code)
        self.load_grid(code)
        self.grid_view.setFocus()

    def load_grid(self, code: str) -> None:
        if code:
            self.host.ctx.run(lambda vault: _grid(vault, code), on_done=self._grid_loaded)

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
        if not self.host.can_mark or not index.isValid() or index.column() >= len(model.sessions):
            return
        row, col = index.row(), index.column()
        code = model.rows[row]["participant_code"]
        number = model.sessions[col]["number"]
        cohort = self.grid_cohort
        day = str(model.sessions[col].get("date") or "")
        if mark is not None and day > date.today().isoformat() and not self._future_ok(number, day):
            return
        model.set_mark(row, col, mark)
        # Move down the session column: a register is taken top to bottom.
        if row + 1 < model.rowCount():
            self.grid_view.setCurrentIndex(model.index(row + 1, col))
        self.host.ctx.run(
            lambda vault: attendance.record_attendance(vault, cohort, number, {code: mark}),
            on_done=lambda _r: self._after_mark(cohort),
            on_error=self._failed,
            changes=[Area.FREEDOM],
        )

    def _future_ok(self, number: int, day: str) -> bool:
        """Marking a session that has not happened yet is almost always the wrong column: ask."""
        when = date.fromisoformat(day).strftime("%A %d/%m/%Y")
        return dialogs.question(
            self,
            "Attendance",
            f"Session {number} is on {when}, which has not come yet. Record attendance anyway?",
        )

    def _failed(self, exc: BaseException) -> None:
        self.host.failed(exc)
        self.load_grid(self.grid_cohort)

    def _after_mark(self, cohort: str) -> None:
        self.host.status.setText("Saved.")
        self.host.ctx.run(
            lambda vault: [asdict(f) for f in attendance.follow_ups(vault, cohort)],
            on_done=self.calls_model.set_rows,
        )

    def record_call(self) -> None:
        row = selected(self.calls_view, self.calls_model)
        if row is None:
            self.host.status.setText("Choose a call from the list first.")
            return
        outcome = self.outcome.currentText()
        self.host.ctx.run(
            lambda vault: attendance.record_follow_up(vault, row["id"], outcome),
            on_done=lambda _r: self.load_grid(self.grid_cohort),
            changes=[Area.FREEDOM],
        )

    def clear(self) -> None:
        self.grid_model.clear()
        self.calls_model.clear()
        self.grid_choice.clear()
        self.grid_cohort = ""
