"""Statistics screen: NI 32, CS 2 and locality charts, and buttons for the return and the reports.

The screen shows exact figures to the signed-in coordinator; suppression applies to what leaves the
program (the CSV return and the PDF reports), which the core functions write.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.lists import get_list
from dv_forum.stats import charts, service
from dv_forum.stats.display import rate
from dv_forum.stats.idva import idva_capacity
from dv_forum.stats.incidents import MAX_COUNT
from dv_forum.stats.ni32 import figures
from dv_forum.stats.periods import Period, fy_half, fy_start_year, previous, unit_containing
from dv_forum.stats.report_tables import safelives_tables
from dv_forum.vault.roles import Perm, allowed
from ui.flow import flow_widget
from ui.screens.base import Screen
from ui.screens.stats_idva import IdvaPanel

NO_INCIDENTS = (
    "CS 2 reported incidents by month\n\n"
    "No police incident counts for these months yet.\n\n"
    "Add a month with \u201cEnter incident count...\u201d above, or import the police's monthly "
    "figures (a CSV of month,count[,area]) with:\n\ndv-forum import incidents FILE"
)


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    """The last ``count`` complete quarters (and the current one), newest first."""
    current = unit_containing(today, "quarter")
    return list(reversed(previous(current, count, "quarter")))


def has_values(data: charts.ChartData) -> bool:
    return any(v is not None for s in data.series for v in s.values)


def labelled(text: str, widget: QWidget) -> QWidget:
    """A label and its control kept together on one line of a wrapping row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
    return holder


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


_MONTH = re.compile(r"^[A-Z][a-z]{2} \d{2}$")


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
    months = many and all(_MONTH.match(c) for c in data.categories)
    # Crowded axes show first words ("Jan 25" -> "Jan", "Castle Donington" -> "Castle"); category
    # names must stay unique (QBarCategoryAxis merges duplicates) and Qt cuts rather than slants
    # long ones, so twelve months get a smaller font to fit a 1280-pixel window.
    x_axis.append([c.split()[0] if many else c for c in data.categories])
    if months:
        font = x_axis.labelsFont()
        font.setPointSizeF(max(6.5, font.pointSizeF() - 2))
        x_axis.setLabelsFont(font)
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
        self.enter_button.setVisible(self.can_enter)
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
        layout.addWidget(self._incident_entry())
        self.headline = QLabel()
        self.headline.setObjectName("statsHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
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
            cell: QWidget = view
            if key == "incidents":  # the chart, or a note saying how to add the counts
                self.incidents_stack = QStackedWidget()
                self.incidents_empty = QLabel(NO_INCIDENTS)
                self.incidents_empty.setObjectName("emptyState")
                self.incidents_empty.setWordWrap(True)
                self.incidents_empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.incidents_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.incidents_empty.setContentsMargins(24, 24, 24, 24)
                self.incidents_stack.addWidget(view)
                card = QFrame()
                card.setObjectName("card")
                QVBoxLayout(card).addWidget(self.incidents_empty)
                self.incidents_stack.addWidget(card)
                cell = self.incidents_stack
            grid.addWidget(cell, i // 2, i % 2, 1, 2 if key == "locality" else 1)
        layout.addLayout(grid, 1)
        self.idva_panel = IdvaPanel()
        layout.addWidget(self.idva_panel)
        self.quarter_box.currentIndexChanged.connect(self.refresh)
        self.basis_box.currentIndexChanged.connect(self.refresh)
        self.return_button.clicked.connect(self.export_return)
        self.report_button.clicked.connect(lambda: self.write_report(half=False))
        self.lsp_button.clicked.connect(lambda: self.write_report(half=True))
        self.enter_button.toggled.connect(self.entry_box.setVisible)

    def _incident_entry(self) -> QWidget:
        """One month's CS 2 count (optionally for one locality), saved like `stats incident-count`."""
        self.entry_box = QGroupBox("CS 2 incident count for one month")
        row = QHBoxLayout(self.entry_box)
        self.entry_month = QDateEdit()
        self.entry_month.setDisplayFormat("MMM yyyy")
        self.entry_month.setCalendarPopup(True)
        self.entry_month.setAccessibleName("Incident month")
        first = date(self._today.year, self._today.month, 1)
        last = first - timedelta(days=1)
        self.entry_month.setMaximumDate(QDate(first.year, first.month, 1))  # no months still to come
        self.entry_month.setDate(QDate(last.year, last.month, last.day))  # the last complete month
        self.entry_area = QComboBox()
        self.entry_area.setAccessibleName("Incident area")
        self.entry_area.addItem("Whole district", "")
        self.entry_count = QSpinBox()
        self.entry_count.setRange(0, MAX_COUNT)
        self.entry_count.setAccessibleName("Incident count")
        self.entry_save = QPushButton("Save count")
        self.entry_save.clicked.connect(self.save_incident_count)
        self.entry_status = QLabel()
        self.entry_status.setObjectName("hint")
        for text, w in (
            ("Month:", self.entry_month),
            ("Area:", self.entry_area),
            ("Count:", self.entry_count),
        ):
            row.addWidget(labelled(text, w))
        row.addWidget(self.entry_save)
        row.addWidget(self.entry_status, 1)
        self.entry_box.setVisible(False)
        return self.entry_box

    def save_incident_count(self) -> None:
        picked = self.entry_month.date()
        month = f"{picked.year():04d}-{picked.month():02d}"
        area, count = str(self.entry_area.currentData() or ""), self.entry_count.value()
        where = self.entry_area.currentText()

        def done(_: Any) -> None:
            self.entry_status.setText(f"Saved: {count} incidents in {picked.toString('MMM yyyy')} ({where}).")

        self.ctx.run(
            lambda vault: service.set_incident_count(vault, month, count, area),
            on_done=done,
            changes=[Area.STATS],
        )

    # -- data ---------------------------------------------------------------------------------
    @property
    def quarter(self) -> Period:
        return self._quarters[max(0, self.quarter_box.currentIndex())]

    def on_unlocked(self) -> None:
        if self.can_enter:
            self.ctx.run(lambda vault: get_list(vault.conn, "locality"), on_done=self._set_areas)
        self.refresh()

    def _set_areas(self, areas: list[str]) -> None:
        self.entry_area.clear()
        self.entry_area.addItem("Whole district", "")
        for area in areas:
            self.entry_area.addItem(area, area)

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
            f"{'-' if now is None else f'{now:.1f}%'} (same quarter last year: "
            f"{'-' if then is None else f'{then:.1f}%'})"
        )
        self.rules_label.setText(data["rules"])
        self.idva_panel.show_capacity(data["idva"])
        for key, chart in self.charts.items():
            fill_chart(chart, data[key])
        empty = not has_values(data["incidents"])
        self.incidents_stack.setCurrentIndex(1 if empty else 0)

    def clear(self) -> None:
        self.entry_status.clear()
        self.entry_count.setValue(0)
        self._set_areas([])
        self.headline.clear()
        self.rules_label.clear()
        self.idva_panel.clear()
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
