"""Turning each figure into a Table (for text, CSV and PDF alike)."""

from __future__ import annotations

from dv_forum.stats.breakdowns import Breakdown
from dv_forum.stats.incidents import IncidentFigure, IncidentReport
from dv_forum.stats.ni32 import RepeatFigure, RepeatReport
from dv_forum.stats.safelives import SafeLivesReturn
from dv_forum.stats.tables import Cell, Change, Count, Num, Pct, Table


def _repeat_row(label: str, f: RepeatFigure) -> list[Cell]:
    return [label, Count(f.cases), Count(f.repeats), Pct(f.repeats, f.cases)]


def repeat_table(report: RepeatReport) -> Table:
    basis = "Cases heard" if report.rules.basis == "heard" else "Referrals"
    table = Table(f"NI 32 repeat rate by {report.unit}", ["Period", basis, "Repeats", "Repeat rate"])
    table.rows = [_repeat_row(f.period.label, f) for f in report.periods]
    total = report.total
    table.rows.append(_repeat_row(f"Total {total.period.start} to {total.period.end}", total))
    table.note = report.rules.summary()
    return table


def _incident_row(f: IncidentFigure) -> list[Cell]:
    complete = f.change is not None
    return [
        f.period.label,
        Count(f.count),
        Count(f.last_year),
        Change(f.count, f.last_year, complete),
    ]


def incident_tables(report: IncidentReport) -> list[Table]:
    columns = ["Period", "Incidents", "Same period last year", "Change"]
    note = "Change is shown only when both periods have a count for every month."
    tables = []
    for title, figs in (
        ("month", report.months),
        ("quarter", report.quarters),
        ("year", report.years),
    ):
        if figs:
            tables.append(
                Table(
                    f"CS 2 reported incidents by {title}",
                    columns,
                    [_incident_row(f) for f in figs],
                    note,
                )
            )
    tables.append(Table("CS 2 reported incidents, whole range", columns, [_incident_row(report.total)], note))
    return tables


_RETURN_LINES: list[tuple[str, str, bool]] = [
    # (label, count field, also show % of cases)
    ("Cases discussed", "cases", False),
    ("Repeat cases", "repeats", True),
    ("Children in households", "children", False),
    ("Referrals from partner (non-police) agencies", "partner_agency", True),
    ("BAME victims", "bame", True),
    ("LGBT victims", "lgbt", True),
    ("Victims with a disability", "disability", True),
    ("Male victims", "male_victims", True),
    ("Victims aged 16-17", "victims_16_17", False),
    ("Perpetrators under 18", "perpetrators_under_18", False),
]


def safelives_tables(ret: SafeLivesReturn) -> list[Table]:
    cols = ret.meetings + [ret.total]
    header = ["Measure"] + [m.label for m in cols]
    main = Table(f"SafeLives MARAC data return, {ret.quarter.label}", header)
    for label, name, with_pct in _RETURN_LINES:
        main.rows.append([label] + [Count(m.counts[name]) for m in cols])
        if with_pct:
            main.rows.append(["  % of cases"] + [Pct(m.counts[name], m.cases) for m in cols])
    main.rows.append(["Cases per 10,000 adult females"] + [Num(m.per_10k()) for m in cols])
    population = ret.rules.adult_female_population
    main.note = (
        f"Adult female population: {population:,}. Annualised: {ret.annual_per_10k} cases per "
        "10,000 (national expectation about 40)."
        if population
        else "Set stats.adult_female_population to show cases per 10,000 adult females."
    )
    agencies = Table("Cases by referring agency", ["Referring agency"] + [m.label for m in cols])
    for agency in ret.total.agencies:
        agencies.rows.append([agency] + [Count(m.agencies.get(agency, 0)) for m in cols])
    return [main, agencies]


TABLE_TITLES = {
    "bame": "Cases by ethnicity (Black, Asian and minority ethnic victims)",
    "lgbt": "Cases by sexual orientation and gender identity (LGBT victims)",
    "disability": "Cases by disability",
    "children": "Cases by children in the household",
}


def breakdown_table(b: Breakdown) -> Table:
    title = TABLE_TITLES.get(b.dimension, f"Cases by {b.title.lower()}")
    table = Table(title, [b.title] + [p.label for p in b.periods])
    table.rows = [[value] + [Count(n) for n in counts] for value, counts in b.rows]
    table.rows.append(["Total"] + [Count(n) for n in b.totals])
    return table
