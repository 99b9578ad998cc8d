"""Freedom Programme screen: cohorts and their summary, the attendance register, follow-up
calls, enrolment and the waiting list. Each tab is a panel that owns its widgets and state."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.freedom import participants, report, summary
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.screens.freedom.cohort_form import CohortForm
from ui.screens.freedom.enrolment import EnrolmentPanel
from ui.screens.freedom.models import CohortsModel
from ui.screens.freedom.register import RegisterPanel
from ui.widgets.tables import selected, table


def _overview(vault: Any) -> dict[str, Any]:
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


def _rates_text(rates: list[dict[str, Any]]) -> str:
    years = "\n".join(summary.rates_line(r) for r in rates)
    return "Completion by year (finished cohorts):\n" + (years or "no cohorts yet")


class FreedomScreen(Screen):
    title = "Freedom Programme"
    nav_key = "freedom"
    reloads_on = frozenset({Area.FREEDOM, Area.SETTINGS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_edit = allowed(ctx.role, Perm.EDIT_FREEDOM)
        self.can_mark = allowed(ctx.role, Perm.RECORD_ATTENDANCE)
        self.cohorts_model = CohortsModel(self)
        self.status = QLabel("")
        self.status.setObjectName("freedomStatus")
        self.cohort_form = CohortForm(self)
        self.register = RegisterPanel(self)
        self.enrolment = EnrolmentPanel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cohorts_tab(), "Cohorts")
        self.tabs.addTab(self.register, "Attendance")
        self.tabs.addTab(self.enrolment, "Enrolment and waiting list")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)

    def _cohorts_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.cohorts_view = table(self.cohorts_model, newest_first=True, name="Cohorts")
        self.rates_label = QLabel("")
        self.rates_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.grid_button = QPushButton("Open attendance")
        self.grid_button.clicked.connect(self._open_selected_grid)
        self.pdf_button = QPushButton("Summary PDF…")
        self.pdf_button.clicked.connect(lambda: self.save_summary())
        buttons.addWidget(self.grid_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        box.addWidget(self.cohorts_view, 1)
        box.addWidget(self.rates_label)
        box.addLayout(buttons)
        box.addWidget(self.cohort_form)
        return page

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.refresh()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run(_overview, on_done=self._loaded)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.cohorts_model.set_rows(data["cohorts"])
        self.rates_label.setText(_rates_text(data["rates"]))
        open_codes = [r["code"] for r in data["cohorts"] if r["status"] != "finished"]
        self.enrolment.show_lists(data["waiting"], open_codes)
        self.register.set_cohorts([r["code"] for r in data["cohorts"]], open_codes)

    def _open_selected_grid(self) -> None:
        row = selected(self.cohorts_view, self.cohorts_model)
        if row:
            self.tabs.setCurrentIndex(1)
            self.register.open(row["code"])

    def save_summary(self, target: Path | None = None) -> None:
        row = selected(self.cohorts_view, self.cohorts_model)
        if row is None:
            self.status.setText("Choose a cohort first.")
            return
        if target is None:
            suggested = Path.home() / f"{row['code']}-summary.pdf"
            target = dialogs.save_file(self, "Save cohort summary", suggested, "PDF files (*.pdf)")
            if target is None:
                return
        code, out = row["code"], Path(target)
        self.ctx.run(
            lambda vault: report.write_cohort_report(vault, code, out, date.today()),
            on_done=lambda pages: self.done(f"Summary saved ({pages} page(s))."),
        )

    # ----- feedback (FreedomHost) -----
    def done(self, text: str) -> None:
        self.status.setText(text)

    def failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc) if hasattr(exc, "next_step") else "That could not be saved.")

    # ----- Screen contract -----
    def forms(self) -> dict[str, Any]:
        return {"cohort": self.cohort_form, "participant": self.enrolment}

    def clear(self) -> None:
        self.cohorts_model.clear()
        self.rates_label.clear()
        self.status.clear()
        self.register.clear()
        self.enrolment.clear()
        self.cohort_form.empty()
