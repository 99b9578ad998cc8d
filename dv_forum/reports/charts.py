"""ReportLab drawings of the statistics charts (grouped bar charts with value labels)."""

from __future__ import annotations

import textwrap

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from dv_forum.stats.charts import ChartData

# Colour-blind-safe pair (Okabe-Ito blue, orange) plus a grey for a third series.
PALETTE = [colors.HexColor("#0072B2"), colors.HexColor("#E69F00"), colors.HexColor("#999999")]


def _nice_max(top: float, percent: bool) -> float:
    if percent:
        return max(10.0, min(100.0, (int(top / 10) + 1) * 10.0))
    step = 1.0
    for candidate in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        step = float(candidate)
        if top / step <= 6:
            break
    return max(step, (int(top / step) + 1) * step)


def bar_chart(data: ChartData, width: float = 170 * mm, height: float = 75 * mm) -> Drawing:
    """A grouped bar chart; None values draw no bar, a suppressed one a marked placeholder, and
    every bar carries its printed label."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, data.title, fontName="Helvetica-Bold", fontSize=10))
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 40
    chart.width, chart.height = width - 44, height - 80
    top = data.top()
    axis_top = _nice_max(top, data.percent)
    # A held-back value is drawn as a marked placeholder bar (pale, dashed outline, labelled
    # "suppressed"), never as zero: see dv_forum.stats.charts.
    chart.data = data.drawn(axis_top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = axis_top
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%" if data.percent else "%d"
    # Never cut a name ("Ashby de la Zouch"): long ones wrap onto a second line.
    chart.categoryAxis.categoryNames = [
        "\n".join(textwrap.wrap(c, 14, break_long_words=False)) or c for c in data.categories
    ]
    chart.categoryAxis.labels.fontSize = 7
    many = len(data.categories) > 6
    chart.categoryAxis.labels.angle = 30 if many else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if many else "n"
    chart.barLabelFormat = "values"
    chart.barLabelArray = [s.labels for s in data.series]
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    chart.groupSpacing = 6
    for i, s in enumerate(data.series):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
        for j, hidden in enumerate(s.hidden):
            if hidden:
                chart.bars[(i, j)].fillColor = colors.HexColor("#EEEEEE")
                chart.bars[(i, j)].strokeColor = PALETTE[i % len(PALETTE)]
                chart.bars[(i, j)].strokeDashArray = (2, 2)
                chart.bars[(i, j)].strokeWidth = 0.8
    drawing.add(chart)
    drawing.add(String(0, height - 24, data.y_title, fontName="Helvetica", fontSize=7))
    if len(data.series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 150, height - 8
        legend.fontSize = 7
        legend.columnMaximum = 1
        legend.alignment = "right"
        legend.deltax = 70
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.name) for i, s in enumerate(data.series)]
        drawing.add(legend)
    if data.is_empty:
        drawing.add(String(width / 2, height / 2, "No data for this period", textAnchor="middle", fontSize=9))
    return drawing
