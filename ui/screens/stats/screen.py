"""Statistics screen: NI 32, CS 2 and locality charts, and buttons for the return and the reports.

The screen shows exact figures to the signed-in coordinator; suppression applies to what leaves the
program (the CSV return and the PDF reports), which the core functions write.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.lists import get_list
from dv_forum.stats import charts, service
from dv_forum.stats.display import rate
from dv_forum.stats.idva import idva_capacity
from dv_forum.stats.ni32 import CONTEXT, figures, reading
from dv_forum.stats.periods import Period, fy_half, fy_start_year, previous, unit_containing
from dv_forum.stats.report_tables import safelives_tables
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.flow import flow_widget
from ui.screens.base import Screen
from ui.screens.stats.charts import ChartGrid
from ui.screens.stats.idva import IdvaPanel
from ui.screens.stats.incident_entry import IncidentEntry, labelled
from ui.widgets.shown import show_when


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    """The last ``count`` complete quarters (and the current one), newest first."""
    current = unit_containing(today, "quarter")
    return list(reversed(previous(current, count, "quarter")))


def load(vault: Any, quarter: Period, basis: str) -> dict[str, Any]:
    """Everything the screen shows, computed on the DB worker thread."""
    r = service.rules(vault, basis)
    now, before = figures(vault.conn, [quarter, quarter.shifted_years(-1)], r.basis)
    return {
        "headline": (now.cases, now.repeats, before.cases, before.repeats),
        "repeat": charts.repeat_by_quarter(vault.conn, quarter.end, r.basis),
        "locality": charts.cases_by_locality(vault.conn, quarter, r.basis),
        "incidents": charts.incidents_by_month(vault.conn, quarter),
        "rules": r.summary(),
        "idva": idva_capacity(vault, quarter.start, quarter.end),
    }


class StatsScreen(Screen):
    title = "Statistics"
    nav_key = "stats"

    def __init__(self, ctx: Any, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = today or date.today()
        self._quarters = recent_quarters(self._today)
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.quarter_box = QComboBox()
        self.quarter_box.setAccessibleName("Quarter")
        for q in self._quarters:
            self.quarter_box.addItem(f"{q.label} ({q.start:%b}-{q.end:%b %Y})")
        self.quarter_box.setCurrentIndex(1 if len(self._quarters) > 1 else 0)  # last complete quarter
        self.basis_box = QComboBox()
        self.basis_box.setAccessibleName("Basis")
        self.basis_box.addItem("Cases heard at MARAC", "heard")
        self.basis_box.addItem("Referrals received", "referred")
        # Short labels (the full description is the tooltip) in a row that wraps when narrow.
        self.return_button = QPushButton("SafeLives return...")
        self.return_button.setToolTip("Save the quarter's SafeLives MARAC return as CSV")
        self.report_button = QPushButton("Strategy report...")
        self.report_button.setToolTip("Save the quarter's Strategy Group report as PDF")
        self.lsp_button = QPushButton("LSP report...")
        self.lsp_button.setToolTip("Save the half-year report for the Local Strategic Partnership (PDF)")
        self.can_enter = allowed(ctx.role, Perm.IMPORT)
        self.enter_button = QPushButton("Enter incident count...")
        self.enter_button.setToolTip("Enter or correct one month's CS 2 police incident count")
        self.enter_button.setCheckable(True)
        show_when(self.enter_button, self.can_enter)
        self.controls = flow_widget(
            labelled("Quarter:", self.quarter_box),
            labelled("Basis:", self.basis_box),
            self.return_button,
            self.report_button,
            self.lsp_button,
            self.enter_button,
        )
        controls.addWidget(self.controls, 1)
        layout.addLayout(controls)
        self.entry = IncidentEntry(ctx, self._today)
        layout.addWidget(self.entry)
        self.headline = QLabel()
        self.headline.setObjectName("statsHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.rules_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.rules_label)
        layout.addWidget(self._below(), 1)
        self.quarter_box.currentIndexChanged.connect(self.refresh)
        self.basis_box.currentIndexChanged.connect(self.refresh)
        self.return_button.clicked.connect(self.export_return)
        self.report_button.clicked.connect(lambda: self.write_report(half=False))
        self.lsp_button.clicked.connect(lambda: self.write_report(half=True))
        self.enter_button.toggled.connect(self.entry.setVisible)

    def _below(self) -> QScrollArea:
        """The charts and the IDVA table, scrolling below the controls: on a laptop screen their
        minimum heights do not fit at once, and squeezed charts lose their axes."""
        body = QWidget()
        below = QVBoxLayout(body)
        below.setContentsMargins(0, 0, 0, 0)
        self.chart_grid = ChartGrid()
        self.charts = self.chart_grid.charts
        below.addWidget(self.chart_grid, 1)
        self.idva_panel = IdvaPanel()
        below.addWidget(self.idva_panel)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName("Charts and IDVA capacity")
        return scroll

    # -- data ---------------------------------------------------------------------------------
    @property
    def quarter(self) -> Period:
        return self._quarters[max(0, self.quarter_box.currentIndex())]

    def on_unlocked(self) -> None:
        if self.can_enter:
            self.ctx.run(lambda vault: get_list(vault.conn, "locality"), on_done=self.entry.set_areas)
        self.refresh()

    reloads_on = frozenset({Area.CASES, Area.MARAC, Area.STATS, Area.SETTINGS})

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        quarter, basis = self.quarter, self.basis_box.currentData()
        self.ctx.run(lambda vault: load(vault, quarter, basis), on_done=self.show_data)

    def show_data(self, data: dict[str, Any]) -> None:
        cases, repeats, before_cases, before_repeats = data["headline"]
        now, then = rate(repeats, cases), rate(before_repeats, before_cases)
        self.headline.setText(
            f"{self.quarter.label}: {cases} cases, {repeats} repeats, NI 32 "
            f"{'-' if now is None else f'{now:.1f}%'}, {reading(now)} (same quarter last year: "
            f"{'-' if then is None else f'{then:.1f}%'})"
        )
        # NI 32 always with its context: a low rate can mean under-identification.
        self.rules_label.setText(f"{CONTEXT}\n{data['rules']}")
        self.idva_panel.show_capacity(data["idva"])
        self.chart_grid.show_data(data)

    def clear(self) -> None:
        self.entry.clear()
        self.headline.clear()
        self.rules_label.clear()
        self.idva_panel.clear()
        self.chart_grid.clear()

    # -- outputs ------------------------------------------------------------------------------
    def ask_save_path(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        """Where to write an output (the shell's scriptable save dialog)."""
        chosen = dialogs.save_file(self, caption, Path.home() / suggested, file_filter)
        return Path(chosen) if chosen else None

    def export_return(self) -> None:
        quarter = self.quarter
        path = self.ask_save_path(
            "Save the SafeLives return",
            f"safelives-return-{quarter.label.replace('/', '-')}.csv",
            "CSV files (*.csv)",
        )
        if path is None:
            return

        def work(vault: Any) -> Path:
            ret = service.safelives(vault, quarter)
            # The file sent to SafeLives holds exact counts; suppression is for publication only.
            exact = replace(ret.rules.display_rules(), suppress=False)
            service.export_tables(vault, path, safelives_tables(ret), f"safelives {quarter.label}", exact)
            return path

        self.ctx.run(work, on_done=self._written)

    def write_report(self, half: bool) -> None:
        q = self.quarter
        period = fy_half(fy_start_year(q.start), 1 if q.start.month in (4, 7) else 2) if half else q
        audience = "Local Strategic Partnership" if half else "Strategy Group"
        path = self.ask_save_path(
            f"Save the {audience} report",
            f"statistics-{period.label.replace('/', '-')}.pdf",
            "PDF files (*.pdf)",
        )
        if path is None:
            return
        self.ctx.run(
            lambda vault: service.strategy_report(vault, period, path, audience), on_done=self._written
        )

    def _written(self, path: Path) -> None:
        self.headline.setText(f"{self.headline.text()}\nWritten: {Path(path).name}")
