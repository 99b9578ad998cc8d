"""CS 2: domestic abuse incidents reported to the police, kept as monthly counts.

A month's district figure is its district-wide row (area '') when there is one, else the sum of its
area rows: police returns come either way, and adding both would count incidents twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from dv_forum.errors import UserError
from dv_forum.stats.periods import Period, Unit, span, whole_units
from dv_forum.vault.db import Connection

# ASCII digits only (\d would also take Arabic-Indic and other digits), and no trailing newline.
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})\Z", re.ASCII)
MAX_AREA = 60
MAX_COUNT = 1_000_000


def check_month(text: str) -> str:
    """Return ``text`` if it is a real YYYY-MM month, else raise ValueError with the reason."""
    match = MONTH_RE.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise ValueError("month must be YYYY-MM, like 2025-04")
    return text


def check_area(text: str) -> str:
    area = text.strip()
    if len(area) > MAX_AREA or any(ord(ch) < 32 for ch in area):
        raise ValueError(f"area must be plain text of at most {MAX_AREA} characters")
    return area


def check_count(value: Any) -> int:
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        raise ValueError("count must be a whole number, 0 or more")
    if len(text) > len(str(MAX_COUNT)):  # before int(): thousands of digits fail with a technical message
        raise ValueError(f"count must be at most {MAX_COUNT:,}")
    count = int(text)
    if count > MAX_COUNT:
        raise ValueError(f"count must be at most {MAX_COUNT:,}")
    return count


def set_count(conn: Connection, month: str, count: int, area: str = "") -> None:
    """Enter (or correct) one month's count; the caller owns the transaction and the audit row."""
    try:
        values = (check_month(month), check_area(area), check_count(count))
    except ValueError as exc:
        raise UserError(f"The incident count was not saved: {exc}.") from None
    conn.execute(
        "INSERT INTO incident_counts (month, area, count) VALUES (?, ?, ?) "
        "ON CONFLICT (month, area) DO UPDATE SET count = excluded.count",
        values,
    )


def delete_count(conn: Connection, month: str, area: str = "") -> None:
    conn.execute("DELETE FROM incident_counts WHERE month = ? AND area = ?", (month, area))


def monthly(conn: Connection, start: date, end: date) -> dict[str, int]:
    """{YYYY-MM: district count} for months that have a count, within ``start``..``end``."""
    rows = conn.execute(
        "SELECT month, area, count FROM incident_counts WHERE month BETWEEN ? AND ?",
        (start.isoformat()[:7], end.isoformat()[:7]),
    ).fetchall()
    district: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for month_text, area, count in rows:
        target = district if area == "" else by_area
        target[month_text] = target.get(month_text, 0) + int(count)
    return {m: district.get(m, by_area.get(m, 0)) for m in sorted(set(district) | set(by_area))}


def by_area(conn: Connection, period: Period) -> dict[str, int]:
    """{area: count} over the months of ``period`` ('' = counts given for the whole district)."""
    rows = conn.execute(
        "SELECT area, sum(count) FROM incident_counts WHERE month BETWEEN ? AND ? GROUP BY area",
        (period.start.isoformat()[:7], period.end.isoformat()[:7]),
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


@dataclass(frozen=True)
class IncidentFigure:
    period: Period
    count: int
    months_with_data: int
    last_year: int
    last_year_months: int

    @property
    def months(self) -> int:
        return (
            (self.period.end.year - self.period.start.year) * 12
            + (self.period.end.month - self.period.start.month)
            + 1
        )

    @property
    def change(self) -> int | None:
        """Change on the same period last year; None unless both periods have every month."""
        if self.months_with_data < self.months or self.last_year_months < self.months:
            return None
        return self.count - self.last_year

    @property
    def change_pct(self) -> float | None:
        change = self.change
        if change is None or self.last_year == 0:
            return None
        return round(100 * change / self.last_year, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.period.as_dict(),
            "count": self.count,
            "months_with_data": self.months_with_data,
            "same_period_last_year": self.last_year,
            "change": self.change,
            "change_pct": self.change_pct,
        }


def _figure(counts: dict[str, int], period: Period) -> IncidentFigure:
    lo, hi = period.start.isoformat()[:7], period.end.isoformat()[:7]
    before = period.shifted_years(-1)
    blo, bhi = before.start.isoformat()[:7], before.end.isoformat()[:7]
    now = [c for m, c in counts.items() if lo <= m <= hi]
    then = [c for m, c in counts.items() if blo <= m <= bhi]
    return IncidentFigure(period, sum(now), len(now), sum(then), len(then))


@dataclass(frozen=True)
class IncidentReport:
    months: list[IncidentFigure]
    quarters: list[IncidentFigure]
    years: list[IncidentFigure]
    total: IncidentFigure

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": [f.as_dict() for f in self.months],
            "quarters": [f.as_dict() for f in self.quarters],
            "years": [f.as_dict() for f in self.years],
            "total": self.total.as_dict(),
        }


def incident_report(conn: Connection, start: date, end: date) -> IncidentReport:
    """Monthly counts, financial-quarter and year totals inside the range, and the range total,
    each with the same period a year before. Counts are for whole months."""
    whole = span(start, end)
    counts = monthly(conn, whole.shifted_years(-1).start, end)

    def figures(unit: Unit) -> list[IncidentFigure]:
        return [_figure(counts, p) for p in whole_units(start, end, unit)]

    return IncidentReport(figures("month"), figures("quarter"), figures("year"), _figure(counts, whole))
