"""IDVA capacity against the SafeLives benchmarks: about 100 referrals a year per full-time IDVA and
a caseload of 60-80 (domain.md section 3), scaled by each IDVA's hours.

Referrals are those with the IDVA-allocated field set, by referral date in the period; the caseload
is the open cases allocated to the IDVA now. Expected referrals scale with the period's length, so
a quarter expects a quarter of the yearly figure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from dv_forum.errors import UserError
from dv_forum.settings import get_setting
from dv_forum.stats.settings import (
    IDVA_CASELOAD_HIGH,
    IDVA_CASELOAD_LOW,
    IDVA_FULL_TIME_HOURS,
    IDVA_HOURS,
    IDVA_REFERRALS_PER_FTE,
)
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection


@dataclass(frozen=True)
class IdvaLoad:
    idva: str
    hours: float
    fte: float
    referrals: int
    expected_referrals: float  # benchmark for the period at this FTE
    referrals_pct: float | None  # referrals as a share of the benchmark
    caseload: int
    caseload_low: float
    caseload_high: float
    caseload_status: str  # under / within / over

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Capacity:
    start: str
    end: str
    full_time_hours: float
    referrals_per_fte: int
    caseload_range: tuple[int, int]
    idvas: list[IdvaLoad] = field(default_factory=list)
    unallocated_referrals: int = 0
    unallocated_open: int = 0

    @property
    def total_fte(self) -> float:
        return round(sum(i.fte for i in self.idvas), 2)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["total_fte"] = self.total_fte
        out["caseload_range"] = list(self.caseload_range)
        return out


def parse_hours(text: str) -> dict[str, float]:
    """'IDVA 1=37.5; IDVA 2=22.5' -> {'IDVA 1': 37.5, 'IDVA 2': 22.5} (names matched without case)."""
    out: dict[str, float] = {}
    for part in (text or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, value = part.rpartition("=")
        try:
            hours = float(value)
        except ValueError:
            hours = -1.0
        if not sep or not name.strip() or not 0 < hours <= 80:
            raise UserError(
                "Setting idva.hours must read like 'IDVA 1=37.5; IDVA 2=22.5' (0 to 80 hours).",
                "Correct it with 'dv-forum settings set idva.hours ...'.",
            )
        out[name.strip().casefold()] = hours
    return out


def _years(start: date, end: date) -> float:
    """The period in years: whole months count as twelfths (a financial year is exactly 1)."""
    span = relativedelta(end + timedelta(days=1), start)
    if span.days == 0:
        return (span.years * 12 + span.months) / 12
    return ((end - start).days + 1) / 365.25


def _status(caseload: int, low: float, high: float) -> str:
    return "over" if caseload > high else "under" if caseload < low else "within"


def capacity(conn: Connection, start: date, end: date) -> Capacity:
    full = float(get_setting(conn, IDVA_FULL_TIME_HOURS)) or 37.5
    per_fte = int(get_setting(conn, IDVA_REFERRALS_PER_FTE))
    low, high = int(get_setting(conn, IDVA_CASELOAD_LOW)), int(get_setting(conn, IDVA_CASELOAD_HIGH))
    hours = parse_hours(get_setting(conn, IDVA_HOURS))
    years = _years(start, end)
    referred: dict[str, int] = {}
    open_now: dict[str, int] = {}
    out = Capacity(start.isoformat(), end.isoformat(), full, per_fte, (low, high))
    for idva, in_period, is_open in conn.execute(
        "SELECT trim(idva), referral_date BETWEEN ? AND ?, status = 'open' FROM stat_referrals",
        (start.isoformat(), end.isoformat()),
    ):
        if not idva:
            out.unallocated_referrals += int(bool(in_period))
            out.unallocated_open += int(bool(is_open))
            continue
        referred[idva] = referred.get(idva, 0) + int(bool(in_period))
        open_now[idva] = open_now.get(idva, 0) + int(bool(is_open))
    for idva in sorted(referred, key=str.casefold):
        h = hours.get(idva.casefold(), full)
        fte = round(h / full, 2)
        expected = round(per_fte * fte * years, 1)
        n, load = referred[idva], open_now[idva]
        out.idvas.append(
            IdvaLoad(
                idva,
                h,
                fte,
                n,
                expected,
                round(100 * n / expected, 1) if expected else None,
                load,
                round(low * fte, 1),
                round(high * fte, 1),
                _status(load, low * fte, high * fte),
            )
        )
    return out


def idva_capacity(vault: Vault, start: date | None = None, end: date | None = None) -> Capacity:
    """Capacity for the period (default: the 12 months to today)."""
    vault.require(Perm.VIEW_STATS)
    end = end or date.today()
    start = start or end - relativedelta(years=1) + timedelta(days=1)
    if start > end:
        raise UserError("The period starts after it ends.", "Swap --from and --to.")
    with vault.transaction() as conn:
        result = capacity(conn, start, end)
        vault.audit("stats.idva", detail=f"{len(result.idvas)} IDVAs")
    return result
