"""Reporting periods: financial-year quarters and years, half years, calendar months.

The financial year runs 1 April to 31 March and is labelled "2024/25"; its quarters are Q1 Apr-Jun,
Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar ("2024/25 Q3" = Oct-Dec 2024). Half years (for the Local
Strategic Partnership) are H1 Apr-Sep and H2 Oct-Mar. Months are calendar months ("2024-05").

A quarter written "2025-Q3" names the financial year that *starts* in 2025, so it is 2025/26 Q3 =
1 October to 31 December 2025; "2025-Q4" is January-March 2026.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dv_forum.errors import UserError

Unit = Literal["month", "quarter", "half", "year"]
UNITS: tuple[Unit, ...] = ("month", "quarter", "half", "year")

QUARTER_HELP = (
    "a financial-year quarter written YYYY-QN, where YYYY is the year the financial year starts "
    "(1 April): 2025-Q1 = Apr-Jun 2025, 2025-Q2 = Jul-Sep 2025, 2025-Q3 = Oct-Dec 2025, "
    "2025-Q4 = Jan-Mar 2026"
)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def shifted_years(self, years: int) -> Period:
        """The same span ``years`` earlier (negative) or later, with a matching label."""
        start = add_months(self.start, 12 * years)
        end = add_months(self.end, 12 * years)
        if _is_month_end(self.end):  # keep whole months whole (29 Feb -> 28 Feb and back)
            end = _month_end(end)
        return span(start, end)

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _is_month_end(day: date) -> bool:
    return day == _month_end(day)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` months, clamped to the month end (2024-02-29 + 12 = 2025-02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def fy_start_year(day: date) -> int:
    """The calendar year in which the financial year holding ``day`` starts."""
    return day.year if day.month >= 4 else day.year - 1


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def month(year: int, month_no: int) -> Period:
    start = date(year, month_no, 1)
    return Period(start, _month_end(start), f"{year}-{month_no:02d}")


def fy_quarter(start_year: int, quarter: int) -> Period:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    start = add_months(date(start_year, 4, 1), 3 * (quarter - 1))
    end = _month_end(add_months(start, 2))
    return Period(start, end, f"{fy_label(start_year)} Q{quarter}")


def fy_half(start_year: int, half: int) -> Period:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half}")
    start = add_months(date(start_year, 4, 1), 6 * (half - 1))
    end = _month_end(add_months(start, 5))
    return Period(start, end, f"{fy_label(start_year)} H{half}")


def fy_year(start_year: int) -> Period:
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31), fy_label(start_year))


def unit_containing(day: date, unit: Unit) -> Period:
    """The month, quarter, half or financial year that holds ``day``."""
    fy = fy_start_year(day)
    months_in = (day.month - 4) % 12  # months since the start of the financial year
    if unit == "month":
        return month(day.year, day.month)
    if unit == "quarter":
        return fy_quarter(fy, months_in // 3 + 1)
    if unit == "half":
        return fy_half(fy, months_in // 6 + 1)
    if unit == "year":
        return fy_year(fy)
    raise ValueError(f"unknown unit {unit!r}")


def whole_units(start: date, end: date, unit: Unit) -> list[Period]:
    """Every whole unit inside ``start``..``end`` (inclusive); partial ends are left out."""
    if end < start:
        return []
    out: list[Period] = []
    current = unit_containing(start, unit)
    while current.start <= end:
        if current.start >= start and current.end <= end:
            out.append(current)
        current = unit_containing(current.end + timedelta(days=1), unit)
    return out


def previous(period: Period, count: int, unit: Unit) -> list[Period]:
    """The ``count`` units ending with the one holding ``period.end``, oldest first."""
    out: list[Period] = []
    current = unit_containing(period.end, unit)
    for _ in range(count):
        out.append(current)
        current = unit_containing(current.start - timedelta(days=1), unit)
    return list(reversed(out))


def span(start: date, end: date) -> Period:
    """``start``..``end``, labelled as a month, quarter, half or year when it is one."""
    for unit in UNITS:
        candidate = unit_containing(start, unit)
        if candidate.start == start and candidate.end == end:
            return candidate
    return Period(start, end, f"{start.isoformat()} to {end.isoformat()}")


_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
_HALF_RE = re.compile(r"^\s*(\d{4})\s*-?\s*H([12])\s*$", re.IGNORECASE)
_FY_RE = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2})\s*$")


def parse_quarter(text: str) -> Period:
    """Parse "2025-Q3" (see QUARTER_HELP) into 2025/26 Q3, 1 Oct-31 Dec 2025."""
    match = _QUARTER_RE.match(text)
    if not match:
        raise UserError(f"'{text}' is not a quarter.", f"Write {QUARTER_HELP}; for example 2025-Q3.")
    return fy_quarter(int(match.group(1)), int(match.group(2)))


def parse_half(text: str) -> Period:
    """Parse "2025-H1" (Apr-Sep 2025) or "2025-H2" (Oct 2025-Mar 2026)."""
    match = _HALF_RE.match(text)
    if not match:
        raise UserError(
            f"'{text}' is not a half year.",
            "Write YYYY-H1 (April-September) or YYYY-H2 (October-March), YYYY being the year "
            "the financial year starts; for example 2025-H1.",
        )
    return fy_half(int(match.group(1)), int(match.group(2)))


def parse_financial_year(text: str) -> Period:
    """Parse "2024/25" into 1 April 2024 - 31 March 2025."""
    match = _FY_RE.match(text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise UserError(f"'{text}' is not a financial year.", "Write it like 2024/25.")
    return fy_year(int(match.group(1)))
