"""Breakdowns of cases by locality, referring agency, risk band, equality groups and children,
over a run of periods so each row shows its trend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dv_forum.errors import UserError
from dv_forum.stats.ni32 import DATE_COLUMN
from dv_forum.stats.periods import Period
from dv_forum.stats.rules import Basis
from dv_forum.vault.db import Connection

NR = "'Not recorded'"


def _flag(column: str, yes: str, no: str) -> str:
    return f"CASE {column} WHEN 1 THEN '{yes}' WHEN 0 THEN '{no}' ELSE {NR} END"


# Fixed SQL expressions: a dimension name selects one, user text never reaches the SQL.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "locality": ("Locality", f"coalesce(nullif(trim(area), ''), {NR})"),
    "agency": ("Referring agency", f"coalesce(nullif(trim(referring_agency), ''), {NR})"),
    "risk_band": (
        "Risk band",
        f"CASE risk_band WHEN 'high' THEN 'High' WHEN 'medium' THEN 'Medium' "
        f"WHEN 'standard' THEN 'Standard' ELSE {NR} END",
    ),
    "gender": (
        "Victim gender",
        f"CASE victim_gender WHEN 'F' THEN 'Female' WHEN 'M' THEN 'Male' WHEN 'X' THEN 'Other' ELSE {NR} END",
    ),
    "age": (
        "Victim age",
        f"CASE WHEN victim_age IS NULL THEN {NR} WHEN victim_age < 16 THEN 'Under 16' "
        "WHEN victim_age < 18 THEN '16-17' WHEN victim_age < 25 THEN '18-24' "
        "WHEN victim_age < 35 THEN '25-34' WHEN victim_age < 45 THEN '35-44' "
        "WHEN victim_age < 55 THEN '45-54' WHEN victim_age < 65 THEN '55-64' ELSE '65+' END",
    ),
    "bame": (
        "Black, Asian or racially minoritised",
        _flag("bame", "Black, Asian or racially minoritised", "Not racially minoritised"),
    ),
    "disability": ("Disability", _flag("disability", "Disabled", "Not disabled")),
    "lgbt": ("LGBT+", _flag("lgbt", "LGBT+", "Not LGBT+")),
    "children": (
        "Children in household",
        f"CASE WHEN children IS NULL THEN {NR} WHEN children = 0 THEN 'No children' "
        "ELSE 'Children in household' END",
    ),
    "repeat": ("Repeat", "CASE WHEN is_repeat != 0 THEN 'Repeat' ELSE 'New' END"),
}


ORDERED: dict[str, list[str]] = {
    "risk_band": ["High", "Medium", "Standard"],
    "age": ["Under 16", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    "gender": ["Female", "Male", "Other"],
    "bame": ["Black, Asian or racially minoritised", "Not racially minoritised"],
    "disability": ["Disabled", "Not disabled"],
    "lgbt": ["LGBT+", "Not LGBT+"],
    "children": ["Children in household", "No children"],
    "repeat": ["Repeat", "New"],
}


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    title: str
    periods: list[Period]
    rows: list[tuple[str, list[int]]]  # (value, count per period), biggest latest first

    @property
    def totals(self) -> list[int]:
        return [sum(counts[i] for _, counts in self.rows) for i in range(len(self.periods))]

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "periods": [p.as_dict() for p in self.periods],
            "rows": [{"value": v, "counts": c} for v, c in self.rows],
            "totals": self.totals,
        }


def breakdown(conn: Connection, dimension: str, periods: list[Period], basis: Basis) -> Breakdown:
    """Counts of cases per value of ``dimension`` in each of ``periods`` (the trend)."""
    if dimension not in DIMENSIONS:
        raise UserError(f"'{dimension}' is not a breakdown.", f"Use one of: {', '.join(DIMENSIONS)}.")
    title, expr = DIMENSIONS[dimension]
    column = DATE_COLUMN[basis]
    table: dict[str, list[int]] = {}
    for i, period in enumerate(periods):
        for value, n in conn.execute(
            f"SELECT {expr}, count(*) FROM stat_referrals WHERE {column} BETWEEN ? AND ? GROUP BY 1",
            (period.start.isoformat(), period.end.isoformat()),
        ):
            table.setdefault(str(value), [0] * len(periods))[i] = int(n)
    order = ORDERED.get(dimension)
    if order:  # ordinal values keep their natural order
        rows = sorted(table.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    else:  # the rest biggest first in the latest period (hotspots on top), "Not recorded" last
        rows = sorted(table.items(), key=lambda kv: (kv[0] == "Not recorded", -kv[1][-1], kv[0]))
    return Breakdown(dimension, title, periods, rows)


def children_total(conn: Connection, period: Period, basis: Basis) -> int:
    """Children living in the households of the period's cases."""
    column = DATE_COLUMN[basis]
    row = conn.execute(
        f"SELECT total(coalesce(children, 0)) FROM stat_referrals WHERE {column} BETWEEN ? AND ?",
        (period.start.isoformat(), period.end.isoformat()),
    ).fetchone()
    return int(row[0])
