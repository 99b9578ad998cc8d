"""Turning each figure into a Table (for text, CSV and PDF alike)."""

from __future__ import annotations

from dv_forum.stats.breakdowns import Breakdown
from dv_forum.stats.incidents import IncidentFigure, IncidentReport
from dv_forum.stats.ni32 import CONTEXT, RepeatFigure, RepeatReport, reading
from dv_forum.stats.rules import CATEGORIES
from dv_forum.stats.safelives import EXPECTED_PER_10K, ReturnRow, SafeLivesReturn
from dv_forum.stats.tables import Cell, Change, Count, Num, Pct, Table


def _repeat_row(label: str, f: RepeatFigure) -> list[Cell]:
    return [label, Count(f.cases), Count(f.repeats), Pct(f.repeats, f.cases)]


def repeat_table(report: RepeatReport) -> Table:
    basis = "Cases heard" if report.rules.basis == "heard" else "Referrals"
    table = Table(f"NI 32 repeat rate by {report.unit}", ["Period", basis, "Repeats", "Repeat rate"])
    table.rows = [_repeat_row(f.period.label, f) for f in report.periods]
    total = report.total
    table.rows.append(_repeat_row(f"Total {total.period.start} to {total.period.end}", total))
    table.note = f"{CONTEXT} Over the whole range: {reading(total.rate)}. {report.rules.summary()}"
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
    # (label as SafeLives words it, count field, also show % of cases)
    ("Cases discussed", "cases", False),
    ("Repeat cases", "repeats", True),
    ("Children in households", "children", False),
    ("Referrals from partner (non-police) agencies", "partner_agency", True),
    ("Black, Asian or racially minoritised victims", "bame", True),
    ("LGBT+ victims", "lgbt", True),
    ("Victims with a disability", "disability", True),
    ("Male victims", "male_victims", True),
    ("Victims aged 16-17", "victims_16_17", False),
    ("Perpetrators aged 17 or under", "perpetrators_under_18", False),
]


def _return_table(title: str, cols: list[ReturnRow]) -> Table:
    table = Table(title, ["Measure"] + [m.label for m in cols])
    for label, name, with_pct in _RETURN_LINES:
        table.rows.append([label] + [Count(m.counts[name]) for m in cols])
        if with_pct:
            table.rows.append(["  % of cases"] + [Pct(m.counts[name], m.cases) for m in cols])
    return table


def _per_10k_note(ret: SafeLivesReturn) -> str:
    population = ret.rules.adult_female_population
    if not population:
        return (
            "Set stats.adult_female_population (females aged 16 and over) to show cases per 10,000 "
            f"against SafeLives' expected {EXPECTED_PER_10K} a year."
        )
    year = ret.year or ret.total
    return (
        f"Females aged 16+: {population:,}. Cases per 10,000 a year: {ret.annual_per_10k} this "
        f"quarter, {year.annual_per_10k()} in {year.label} (SafeLives expects about "
        f"{EXPECTED_PER_10K}; well below can mean cases are not being identified)."
    )


def safelives_tables(ret: SafeLivesReturn) -> list[Table]:
    cols = ret.meetings + [ret.total]
    main = _return_table(f"SafeLives MARAC data return, {ret.quarter.label}", cols)
    main.rows.append(["Cases per 10,000 females aged 16+"] + [Num(m.per_10k()) for m in cols])
    main.note = _per_10k_note(ret)
    tables = [main]
    if ret.year is not None:
        year_cols = [*ret.year_quarters, ret.year]
        year = _return_table(f"Financial year {ret.year.label}, by quarter", year_cols)
        year.rows.append(
            ["Cases per 10,000 females 16+ a year"] + [Num(m.annual_per_10k()) for m in year_cols]
        )
        tables.append(year)
    cats = Table("Cases by referring agency (SafeLives categories)", ["Category"] + [m.label for m in cols])
    for cat in ret.total.categories:
        cats.rows.append([cat] + [Count(m.categories.get(cat, 0)) for m in cols])
    cats.note = "Local agencies are placed in categories by the setting stats.agency_categories."
    if ret.rules.agency_categories_ignored:
        cats.note += (
            " Not understood there (write 'Local name=Category'; categories: "
            f"{', '.join(CATEGORIES)}): {'; '.join(ret.rules.agency_categories_ignored)}."
        )
    agencies = Table(
        "Cases by referring agency (local names)", ["Referring agency"] + [m.label for m in cols]
    )
    for agency in ret.total.agencies:
        agencies.rows.append([agency] + [Count(m.agencies.get(agency, 0)) for m in cols])
    return [*tables, cats, agencies]


TABLE_TITLES = {
    "bame": "Cases by ethnicity (Black, Asian or racially minoritised victims)",
    "lgbt": "Cases by sexual orientation and gender identity (LGBT+ victims)",
    "disability": "Cases by disability",
    "children": "Cases by children in the household",
}


def breakdown_table(b: Breakdown) -> Table:
    title = TABLE_TITLES.get(b.dimension, f"Cases by {b.title.lower()}")
    table = Table(title, [b.title] + [p.label for p in b.periods])
    table.rows = [[value] + [Count(n) for n in counts] for value, counts in b.rows]
    table.rows.append(["Total"] + [Count(n) for n in b.totals])
    return table
