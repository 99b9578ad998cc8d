"""The screen's three bar charts (NI 32 by quarter, CS 2 incidents by month, cases by locality),
drawn from dv_forum.stats.charts data; the incidents chart gives way to a note saying how to add
the counts when there are none."""

from __future__ import annotations

import html
import textwrap
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from dv_forum.stats import charts

NO_INCIDENTS = (
    "CS 2 reported incidents by month\n\n"
    "No police incident counts for these months yet.\n\n"
    "Add a month with \u201cEnter incident count...\u201d above, or import the police's monthly "
    "figures (a CSV of month,count[,area]) with:\n\ndv-forum import incidents FILE"
)


def has_values(data: charts.ChartData) -> bool:
    return any(v is not None for s in data.series for v in s.values)


def _wrapped(label: str) -> str:
    lines = textwrap.wrap(label, 7, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(html.escape(line) for line in lines) or html.escape(label)


# Series after the first are hatched as well as coloured: told apart without colour (WCAG 1.4.1).
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.CrossPattern)


def chart_text(data: charts.ChartData) -> str:
    """The chart's figures as text, for a screen reader (the accessible description)."""
    parts = []
    for s in data.series:
        values = [label or "no data" for label in s.labels]
        pairs = ", ".join(f"{c} {v}" for c, v in zip(data.categories, values, strict=False))
        parts.append(f"{s.name}: {pairs}" if len(data.series) > 1 else pairs)
    return f"{data.title}. " + "; ".join(parts)


def fill_chart(chart: QChart, data: charts.ChartData) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    chart.setTitle(data.title)
    series = QBarSeries()
    top = data.top()
    for s, heights in zip(data.series, data.drawn(top), strict=True):
        bar_set = QBarSet(s.name)
        bar_set.append(heights)
        # A held-back value (printed copies only) is a pale placeholder bar, never a zero.
        hidden = [i for i, h in enumerate(s.hidden) if h]
        if hidden:
            bar_set.setSelectedColor(Qt.GlobalColor.lightGray)
            bar_set.selectBars(hidden)
        series.append(bar_set)
    chart.addSeries(series)
    for i, bar_set in enumerate(series.barSets()):  # after addSeries: the theme gives the colour
        bar_set.setBrush(QBrush(bar_set.color(), PATTERNS[i % len(PATTERNS)]))
    x_axis = QBarCategoryAxis()
    many = len(data.categories) > 6
    # Names are never cut ("Ashby de la Zouch", "Jan 2026"): on a crowded axis each label wraps
    # onto short lines (the axis takes rich text), in a slightly smaller font.
    x_axis.append([_wrapped(c) if many else c for c in data.categories])
    if many:
        x_axis.setTruncateLabels(False)
        font = x_axis.labelsFont()
        font.setPointSizeF(max(6.5, font.pointSizeF() - 1))
        x_axis.setLabelsFont(font)
    y_axis = QValueAxis()
    top = top or 1.0
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


class ChartGrid(QWidget):
    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.charts: dict[str, QChart] = {}
        self.views: dict[str, QChartView] = {}
        for i, key in enumerate(("repeat", "incidents", "locality")):
            chart = QChart()
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
            view.setAccessibleName("Chart")
            self.charts[key], self.views[key] = chart, view
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

    def show_data(self, data: dict[str, Any]) -> None:
        for key, chart in self.charts.items():
            fill_chart(chart, data[key])
            self.views[key].setAccessibleName(data[key].title)
            self.views[key].setAccessibleDescription(chart_text(data[key]))
        self.incidents_stack.setCurrentIndex(0 if has_values(data["incidents"]) else 1)

    def clear(self) -> None:
        for chart in self.charts.values():
            chart.removeAllSeries()
            for axis in chart.axes():
                chart.removeAxis(axis)
            chart.setTitle("")
        for view in self.views.values():  # the figures were in the description
            view.setAccessibleDescription("")
