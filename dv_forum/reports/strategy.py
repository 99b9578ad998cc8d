"""The statistics report for the Strategy Group (a quarter) or the LSP (a half year), as a PDF.

Only aggregate figures appear, with small-number suppression as set; charts are drawn suppressed.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from dv_forum.dates import shown
from dv_forum.district.settings import PARTNERSHIP_NAME
from dv_forum.reports.charts import bar_chart
from dv_forum.reports.marking import Marking, build_pdf_bytes
from dv_forum.settings import get_setting
from dv_forum.stats import charts
from dv_forum.stats.breakdowns import breakdown
from dv_forum.stats.display import Display, rate
from dv_forum.stats.incidents import incident_report
from dv_forum.stats.ni32 import (
    CONTEXT,
    EXPECTED_HIGH,
    EXPECTED_LOW,
    RepeatFigure,
    RepeatReport,
    figures,
    reading,
)
from dv_forum.stats.periods import Period, Unit, previous, span, whole_units
from dv_forum.stats.report_tables import (
    breakdown_table,
    incident_tables,
    repeat_table,
    safelives_tables,
)
from dv_forum.stats.rules import Rules
from dv_forum.stats.safelives import safelives_return
from dv_forum.stats.tables import Change, Count, Pct, Table
from dv_forum.vault.db import Connection

STRATEGY_GROUP = "Strategy Group"
LSP = "Local Strategic Partnership"
BREAKDOWNS = (
    "locality",
    "agency",
    "risk_band",
    "gender",
    "age",
    "bame",
    "disability",
    "lgbt",
    "children",
)

_styles = getSampleStyleSheet()
H1 = ParagraphStyle("h1", parent=_styles["Heading1"], fontSize=16, spaceAfter=4)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", parent=_styles["Normal"], fontSize=9, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444"))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_table(table: Table, display: Display, width: float = 174 * mm) -> list[Flowable]:
    rows = [table.columns] + table.text_rows(display)
    first = min(60 * mm, width * 0.4)
    others = (width - first) / max(1, len(table.columns) - 1)
    # Only Paragraph cells parse markup; plain cells are drawn as given.
    body = [[Paragraph(_esc(str(c)), SMALL) if i == 0 else str(c) for i, c in enumerate(r)] for r in rows]
    t = RLTable(body, colWidths=[first] + [others] * (len(table.columns) - 1), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#333333")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Flowable] = [Paragraph(_esc(table.title), H2), t]
    if table.note:
        out += [Spacer(1, 2), Paragraph(_esc(table.note), SMALL)]
    return out


def _headline(conn: Connection, period: Period, rules: Rules) -> Table:
    before = period.shifted_years(-1)
    now, then = figures(conn, [period, before], rules.basis)
    inc = incident_report(conn, period.start, period.end).total

    return Table(
        "Headline figures",
        note=f"NI 32 in {period.label}: {reading(rate(now.repeats, now.cases))}. {CONTEXT}",
        columns=["Measure", period.label, f"Same period last year ({before.label})"],
        rows=[
            [
                "NI 32 cases" + (" heard" if rules.basis == "heard" else " referred"),
                Count(now.cases),
                Count(then.cases),
            ],
            ["NI 32 repeat cases", Count(now.repeats), Count(then.repeats)],
            [
                f"NI 32 repeat rate (SafeLives expects roughly {EXPECTED_LOW}-{EXPECTED_HIGH}%)",
                Pct(now.repeats, now.cases),
                Pct(then.repeats, then.cases),
            ],
            ["CS 2 reported incidents", Count(inc.count), Count(inc.last_year)],
            [
                "CS 2 change on last year",
                Change(inc.count, inc.last_year, inc.change is not None),
                "",
            ],
        ],
    )


def _intro(period: Period, rules: Rules, audience: str, produced: date, partnership: str) -> list[Flowable]:
    dates = f"{shown(period.start)} to {shown(period.end)}"
    story: list[Flowable] = [
        Paragraph(_esc(f"{partnership or 'Domestic Violence Forum'}: statistics report"), H1),
        Paragraph(
            f"For the {audience}, {_esc(period.label)} ({dates}). Produced {shown(produced)}. "
            "Aggregate figures only; no person is named.",
            BODY,
        ),
        Spacer(1, 3),
        Paragraph(_esc(rules.summary()), SMALL),
    ]
    if rules.suppress_small:
        story.append(Paragraph(_esc(rules.display_rules().note()), SMALL))
    return story


def _repeat_trend(conn: Connection, period: Period, rules: Rules, unit: Unit) -> RepeatReport:
    trend = previous(period, 8 if unit == "quarter" else 4, unit)
    ni = figures(conn, trend, rules.basis)
    whole = RepeatFigure(
        span(trend[0].start, trend[-1].end),
        sum(f.cases for f in ni),
        sum(f.repeats for f in ni),
    )
    return RepeatReport(rules, unit, ni, whole)


def build_story(
    conn: Connection, period: Period, rules: Rules, audience: str, produced: date
) -> list[Flowable]:
    display = rules.display_rules()
    unit: Unit = "quarter" if audience == STRATEGY_GROUP else "half"
    story = _intro(period, rules, audience, produced, get_setting(conn, PARTNERSHIP_NAME).strip())
    story += pdf_table(_headline(conn, period, rules), display)
    # The three charts, each before its tables: repeat rate by quarter against the previous year,
    # incidents by month, cases by locality.
    repeat_chart = charts.repeat_by_quarter(conn, period.end, rules.basis)
    story += [Spacer(1, 6), KeepTogether([bar_chart(_print(repeat_chart, display))])]
    story += pdf_table(repeat_table(_repeat_trend(conn, period, rules, unit)), display)
    story += [CondPageBreak(85 * mm), Spacer(1, 6)]
    story.append(bar_chart(_print(charts.incidents_by_month(conn, period), display)))
    inc = incident_report(conn, period.start, period.end)
    for t in incident_tables(inc)[:-1] if inc.months else incident_tables(inc):
        story += pdf_table(t, display)
    story += [CondPageBreak(85 * mm), Spacer(1, 6)]
    story.append(bar_chart(_print(charts.cases_by_locality(conn, period, rules.basis), display)))
    for quarter in whole_units(period.start, period.end, "quarter"):
        for t in safelives_tables(safelives_return(conn, quarter, rules)):
            story += [CondPageBreak(60 * mm), *pdf_table(t, display)]
    trend = previous(period, 4, unit)
    for dim in BREAKDOWNS:
        table = breakdown_table(breakdown(conn, dim, trend, rules.basis))
        story += [CondPageBreak(50 * mm), *pdf_table(table, display)]
    return story


def _print(data: charts.ChartData, display: Display) -> charts.ChartData:
    return data.suppressed(display)


def report_pdf(
    conn: Connection,
    period: Period,
    rules: Rules,
    *,
    audience: str = STRATEGY_GROUP,
    copy_line: str = "",
    marking: str = "OFFICIAL-SENSITIVE",
    produced: date | None = None,
) -> bytes:
    story = build_story(conn, period, rules, audience, produced or date.today())
    title = f"DV Forum statistics report {period.label}"
    return build_pdf_bytes(story, Marking(text=marking, copy_line=copy_line), title=title)
