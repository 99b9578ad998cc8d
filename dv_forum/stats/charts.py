"""The data behind the three charts, shared by the Qt screen and the ReportLab report.

Each series keeps its raw counts; ``suppressed`` gives the copy for printing. A value resting on a
held-back count is never drawn as zero or left as a gap (both read as "none"): it becomes a marked
placeholder bar of one fixed height, whatever the count, labelled "suppressed" with the marker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dv_forum.stats import incidents as cs2
from dv_forum.stats.breakdowns import breakdown
from dv_forum.stats.display import SUPPRESSED_PCT, Display, rate
from dv_forum.stats.ni32 import figures
from dv_forum.stats.periods import Period, fy_quarter, fy_start_year, month, previous
from dv_forum.stats.rules import Basis
from dv_forum.vault.db import Connection

# A suppressed bar's height as a share of the axis top: the same for every such bar, so its height
# says nothing about the count behind it.
PLACEHOLDER_SHARE = 0.25


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # None = no data (or suppressed: see ``hidden``)
    labels: list[str]  # text shown on each point/bar
    hidden: tuple[bool, ...] = ()  # per point: held back, drawn as a marked placeholder


@dataclass(frozen=True)
class ChartData:
    title: str
    categories: list[str]
    series: list[Series]
    y_title: str
    percent: bool = False
    counts: tuple[tuple[int | None, ...], ...] = ()  # per series, per category: the count it rests on

    def suppressed(self, display: Display) -> ChartData:
        """The copy for printing under ``display``'s suppression rules."""
        if not self.counts or not display.suppress:
            return self
        marker = SUPPRESSED_PCT if self.percent else display.marker
        out = []
        for s, counts in zip(self.series, self.counts, strict=True):
            hidden = tuple(display.small(n) for n in counts)
            values = [None if h else v for v, h in zip(s.values, hidden, strict=True)]
            labels = [f"{marker} suppressed" if h else lab for lab, h in zip(s.labels, hidden, strict=True)]
            out.append(Series(s.name, values, labels, hidden))
        return replace(self, series=out, counts=())

    def top(self) -> float:
        """The largest value shown (the axis scale)."""
        return max([v for s in self.series for v in s.values if v is not None] or [0.0])

    def drawn(self, top: float) -> list[list[float]]:
        """The bar heights to draw against an axis reaching ``top``: no data is 0, a held-back value
        the placeholder height (never 0)."""
        height = max(top, 1.0) * PLACEHOLDER_SHARE
        return [
            [
                height if (s.hidden and s.hidden[i]) else (0.0 if v is None else v)
                for i, v in enumerate(s.values)
            ]
            for s in self.series
        ]

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values) and not any(
            h for s in self.series for h in s.hidden
        )


def repeat_by_quarter(conn: Connection, day: date, basis: Basis) -> ChartData:
    """NI 32 by quarter of the financial year holding ``day``, with the year before."""
    fy = fy_start_year(day)
    series, counts = [], []
    for year in (fy - 1, fy):
        figs = figures(conn, [fy_quarter(year, q) for q in (1, 2, 3, 4)], basis)
        values = [rate(f.repeats, f.cases) for f in figs]
        labels = ["" if v is None else f"{v:.1f}%" for v in values]
        series.append(Series(fy_quarter(year, 1).label.split()[0], values, labels))
        counts.append(tuple(f.repeats for f in figs))
    return ChartData(
        "NI 32 repeat rate by quarter",
        ["Q1", "Q2", "Q3", "Q4"],
        series,
        "Repeat rate (%)",
        percent=True,
        counts=tuple(counts),
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
        counts=(tuple(counts),),
    )


def incidents_by_month(conn: Connection, last: Period) -> ChartData:
    """CS 2 incidents in the 12 months ending with the month of ``last.end``, and a year before."""
    months = previous(month(last.end.year, last.end.month), 12, "month")
    counts = cs2.monthly(conn, months[0].shifted_years(-1).start, months[-1].end)
    series, held = [], []
    for shift in (-1, 0):
        keys = [m.shifted_years(shift).label for m in months]
        values = [float(counts[k]) if k in counts else None for k in keys]
        labels = ["" if v is None else str(int(v)) for v in values]
        name = "Previous 12 months" if shift else "Last 12 months"
        series.append(Series(name, values, labels))
        held.append(tuple(counts.get(k) for k in keys))
    return ChartData(
        "CS 2 reported incidents by month",
        [m.start.strftime("%b %Y") for m in months],
        series,
        "Incidents",
        counts=tuple(held),
    )
