"""Statistics screen: NI 32, CS 2 and locality charts, and buttons for the return and the reports.

The screen shows exact figures to the signed-in coordinator; suppression applies to what leaves the
program (the CSV return and the PDF reports), which the core functions write.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum.stats import charts, service
from dv_forum.stats.display import rate
from dv_forum.stats.ni32 import figures
from dv_forum.stats.periods import Period, fy_half, fy_start_year, previous, unit_containing
from dv_forum.stats.report_tables import safelives_tables
from ui.screens.base import Screen


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
    }


def fill_chart(chart: QChart, data: charts.ChartData) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    chart.setTitle(data.title)
    series = QBarSeries()
    for s in data.series:
        bar_set = QBarSet(s.name)
        bar_set.append([v if v is not None else 0.0 for v in s.values])
        series.append(bar_set)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    many = len(data.categories) > 8
    x_axis.append([c.split()[0] if many else c for c in data.categories])  # "Jan 25" -> "Jan"
    y_axis = QValueAxis()
    top = max([v for s in data.series for v in s.values if v is not None] or [1.0])
    y_axis.setRange(0, 100 if data.percent and top > 60 else top * 1.15)
    y_axis.applyNiceNumbers()  # round tick values (0, 10, 20 ... rather than 0, 10.75 ...)
    y_axis.setLabelFormat("%d%%" if data.percent else "%d")
    y_axis.setTitleText(data.y_title)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    bars = len(data.categories) * len(data.series)
    series.setLabelsVisible(bars <= 16)  # value labels only where they fit
    chart.legend().setVisible(len(data.series) > 1)


class StatsScreen(Screen):
    title = "Statistics"
    nav_key = "stats"

    def __init__(self, ctx: Any, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self._quarters = recent_quarters(today or date.today())
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
        self.return_button = QPushButton("SafeLives return (CSV)...")
        self.report_button = QPushButton("Strategy Group report (PDF)...")
        self.lsp_button = QPushButton("LSP half-year report (PDF)...")
        for w in (QLabel("Quarter:"), self.quarter_box, QLabel("Basis:"), self.basis_box):
            controls.addWidget(w)
        controls.addStretch(1)
        for b in (self.return_button, self.report_button, self.lsp_button):
            controls.addWidget(b)
        layout.addLayout(controls)
        self.headline = QLabel()
        self.headline.setObjectName("statsHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.rules_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.rules_label)
        grid = QGridLayout()
        self.charts: dict[str, QChart] = {}
        for i, key in enumerate(("repeat", "incidents", "locality")):
            chart = QChart()
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
            self.charts[key] = chart
            grid.addWidget(view, i // 2, i % 2, 1, 2 if key == "locality" else 1)
        layout.addLayout(grid, 1)
        self.quarter_box.currentIndexChanged.connect(self.refresh)
        self.basis_box.currentIndexChanged.connect(self.refresh)
        self.return_button.clicked.connect(self.export_return)
        self.report_button.clicked.connect(lambda: self.write_report(half=False))
        self.lsp_button.clicked.connect(lambda: self.write_report(half=True))

    # -- data ---------------------------------------------------------------------------------
    @property
    def quarter(self) -> Period:
        return self._quarters[max(0, self.quarter_box.currentIndex())]

    def on_unlocked(self) -> None:
        self.refresh()

    def on_changed(self, areas: tuple[str, ...]) -> None:
        if {"cases", "marac", "stats"} & set(areas):
            self.refresh()

    def refresh(self) -> None:
        quarter, basis = self.quarter, self.basis_box.currentData()
        self.ctx.run(lambda vault: load(vault, quarter, basis), on_done=self.show_data)

    def show_data(self, data: dict[str, Any]) -> None:
        cases, repeats, before_cases, before_repeats = data["headline"]
        now, then = rate(repeats, cases), rate(before_repeats, before_cases)
        self.headline.setText(
            f"{self.quarter.label}: {cases} cases, {repeats} repeats, NI 32 "
            f"{'-' if now is None else f'{now:.1f}%'} (same quarter last year: "
            f"{'-' if then is None else f'{then:.1f}%'})"
        )
        self.rules_label.setText(data["rules"])
        for key, chart in self.charts.items():
            fill_chart(chart, data[key])

    def clear(self) -> None:
        self.headline.clear()
        self.rules_label.clear()
        for chart in self.charts.values():
            chart.removeAllSeries()
            for axis in chart.axes():
                chart.removeAxis(axis)
            chart.setTitle("")

    # -- outputs ------------------------------------------------------------------------------
    def ask_save_path(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        """A save-file dialog (tests replace this; to move into ui.dialogs once it exists)."""
        name, _ = QFileDialog.getSaveFileName(self, caption, suggested, file_filter)
        return Path(name) if name else None

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
            tables = safelives_tables(service.safelives(vault, quarter))
            service.export_tables(vault, path, tables, f"safelives {quarter.label}")
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
