"""The data behind the three charts, shared by the Qt screen and the ReportLab report.

Each series keeps its raw counts; ``suppressed`` gives the copy for printing, where a value resting
on a count of 1-4 is drawn as nothing and labelled instead (a bar's height would reveal it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dv_forum.stats import incidents as cs2
from dv_forum.stats.breakdowns import breakdown
from dv_forum.stats.display import SUPPRESSED, SUPPRESSED_PCT, is_small, rate
from dv_forum.stats.ni32 import figures
from dv_forum.stats.periods import Period, fy_quarter, fy_start_year, month, previous
from dv_forum.stats.rules import Basis
from dv_forum.vault.db import Connection


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # None = no data
    labels: list[str]  # text shown on each point/bar


@dataclass(frozen=True)
class ChartData:
    title: str
    categories: list[str]
    series: list[Series]
    y_title: str
    percent: bool = False
    small: tuple[tuple[bool, ...], ...] = ()  # per series, per category: rests on a count of 1-4

    def suppressed(self) -> ChartData:
        if not self.small:
            return self
        marker = SUPPRESSED_PCT if self.percent else SUPPRESSED
        out = []
        for s, flags in zip(self.series, self.small, strict=True):
            values = [None if f else v for v, f in zip(s.values, flags, strict=True)]
            labels = [marker if f else lab for lab, f in zip(s.labels, flags, strict=True)]
            out.append(Series(s.name, values, labels))
        return replace(self, series=out, small=())

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)


def repeat_by_quarter(conn: Connection, day: date, basis: Basis) -> ChartData:
    """NI 32 by quarter of the financial year holding ``day``, with the year before."""
    fy = fy_start_year(day)
    series, small = [], []
    for year in (fy - 1, fy):
        figs = figures(conn, [fy_quarter(year, q) for q in (1, 2, 3, 4)], basis)
        values = [rate(f.repeats, f.cases) for f in figs]
        labels = ["" if v is None else f"{v:.1f}%" for v in values]
        series.append(Series(fy_quarter(year, 1).label.split()[0], values, labels))
        small.append(tuple(is_small(f.repeats) for f in figs))
    return ChartData(
        "NI 32 repeat rate by quarter",
        ["Q1", "Q2", "Q3", "Q4"],
        series,
        "Repeat rate (%)",
        percent=True,
        small=tuple(small),
    )


def cases_by_locality(conn: Connection, period: Period, basis: Basis, limit: int = 10) -> ChartData:
    """Cases per locality in ``period`` (the largest ``limit``), the hotspots."""
    rows = breakdown(conn, "locality", [period], basis).rows[:limit]
    counts = [counts[0] for _, counts in rows]
    title = "Cases heard by locality" if basis == "heard" else "Referrals by locality"
    return ChartData(
        f"{title}, {period.label}",
        [value for value, _ in rows],
        [Series(period.label, [float(n) for n in counts], [str(n) for n in counts])],
        "Cases",
        small=(tuple(is_small(n) for n in counts),),
    )


def incidents_by_month(conn: Connection, last: Period) -> ChartData:
    """CS 2 incidents in the 12 months ending with the month of ``last.end``, and a year before."""
    months = previous(month(last.end.year, last.end.month), 12, "month")
    counts = cs2.monthly(conn, months[0].shifted_years(-1).start, months[-1].end)
    series, small = [], []
    for shift in (-1, 0):
        keys = [m.shifted_years(shift).label for m in months]
        values = [float(counts[k]) if k in counts else None for k in keys]
        labels = ["" if v is None else str(int(v)) for v in values]
        name = "Previous 12 months" if shift else "Last 12 months"
        series.append(Series(name, values, labels))
        small.append(tuple(is_small(counts.get(k)) for k in keys))
    return ChartData(
        "CS 2 reported incidents by month",
        [m.start.strftime("%b %y") for m in months],
        series,
        "Incidents",
        small=tuple(small),
    )
