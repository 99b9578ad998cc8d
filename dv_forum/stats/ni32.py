"""NI 32: repeat cases as a share of cases, per month, quarter or year, on either basis.

Basis "heard" (default): the cases heard at MARAC meetings in the period, dated by heard_date.
Basis "referred": the referrals received in the period, dated by referral_date.
The repeat flags themselves (referrals.is_repeat) are set by the cases area's repeat engine.

One indexed aggregate reads the per-day counts for the whole range; periods are summed from those
in Python, so any mix of units costs one index range scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dv_forum.stats.display import rate
from dv_forum.stats.periods import Period, Unit, span, whole_units
from dv_forum.stats.rules import Basis, Rules
from dv_forum.vault.db import Connection

DATE_COLUMN: dict[Basis, str] = {"heard": "heard_date", "referred": "referral_date"}

# SafeLives' reading of the repeat rate (reviewing-your-marac-data): roughly 28-40% is expected; well
# below can mean repeats are not being identified. NI 32 is never printed as if a low rate were good.
EXPECTED_LOW, EXPECTED_HIGH = 28, 40
CONTEXT = (
    f"SafeLives expects roughly {EXPECTED_LOW}-{EXPECTED_HIGH}% of MARAC cases to be repeats. A low "
    "rate is not good news in itself: it can mean repeats are not being identified or referred back."
)


def reading(value: float | None) -> str:
    """What a repeat rate suggests, in a few words, beside the figure wherever it is printed."""
    if value is None:
        return "no cases in the period"
    if value < EXPECTED_LOW:
        return (
            f"below the {EXPECTED_LOW}-{EXPECTED_HIGH}% SafeLives expects: check that repeats are being "
            "identified (possible under-identification)"
        )
    if value <= EXPECTED_HIGH:
        return f"within the {EXPECTED_LOW}-{EXPECTED_HIGH}% SafeLives expects"
    return f"above the {EXPECTED_LOW}-{EXPECTED_HIGH}% SafeLives expects: look at what brings cases back"


@dataclass(frozen=True)
class RepeatFigure:
    period: Period
    cases: int
    repeats: int

    @property
    def rate(self) -> float | None:
        return rate(self.repeats, self.cases)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.period.as_dict(),
            "cases": self.cases,
            "repeats": self.repeats,
            "rate": self.rate,
        }


@dataclass(frozen=True)
class RepeatReport:
    rules: Rules
    unit: Unit
    periods: list[RepeatFigure]
    total: RepeatFigure

    def as_dict(self) -> dict[str, Any]:
        total = self.total.as_dict()
        total.pop("label")
        return {
            "context": CONTEXT,
            "reading": reading(self.total.rate),
            "rules": self.rules.as_dict(),
            "basis": self.rules.basis,
            "by": self.unit,
            "periods": [p.as_dict() for p in self.periods],
            "total": total,
        }


def daily_counts(conn: Connection, basis: Basis, start: date, end: date) -> dict[str, tuple[int, int]]:
    """{iso day: (cases, repeats)} for every day in ``start``..``end`` that has cases."""
    column = DATE_COLUMN[basis]  # from a fixed mapping, never from input
    # The cases of stat_referrals (referrals held and stubs of purged ones), counted table by table:
    # through the view SQLite builds every row of it first, four times slower at county scale.
    counted: dict[str, tuple[int, int]] = {}
    for table in ("referrals", "referral_stubs"):
        rows = conn.execute(
            f"SELECT {column}, count(*), total(is_repeat != 0) FROM {table} "
            f"WHERE {column} BETWEEN ? AND ? GROUP BY {column}",
            (start.isoformat(), end.isoformat()),
        )
        for day, cases, repeats in rows:
            before = counted.get(day, (0, 0))
            counted[day] = (before[0] + int(cases), before[1] + int(repeats))
    return counted


def _sum(days: dict[str, tuple[int, int]], period: Period) -> RepeatFigure:
    lo, hi = period.start.isoformat(), period.end.isoformat()
    cases = repeats = 0
    for day, (c, r) in days.items():
        if lo <= day <= hi:
            cases += c
            repeats += r
    return RepeatFigure(period, cases, repeats)


def figures(conn: Connection, periods: list[Period], basis: Basis) -> list[RepeatFigure]:
    """The repeat figure for each of ``periods`` (which may overlap or leave gaps)."""
    if not periods:
        return []
    days = daily_counts(conn, basis, min(p.start for p in periods), max(p.end for p in periods))
    return [_sum(days, p) for p in periods]


def repeat_report(conn: Connection, start: date, end: date, unit: Unit, rules: Rules) -> RepeatReport:
    """NI 32 for every whole ``unit`` inside ``start``..``end``, plus the whole range."""
    whole = span(start, end)
    days = daily_counts(conn, rules.basis, start, end)
    periods = [_sum(days, p) for p in whole_units(start, end, unit)]
    return RepeatReport(rules, unit, periods, _sum(days, whole))
