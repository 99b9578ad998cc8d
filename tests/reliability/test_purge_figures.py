"""A purge never changes a reported figure: every past quarter's NI 32 (both bases), SafeLives return
and breakdowns are the same before and after, on a history whose repeats span the purge horizon."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from dv_forum.cases import recompute, referrals, retention
from dv_forum.cases.linkage import Identity
from dv_forum.stats import service
from dv_forum.stats.breakdowns import DIMENSIONS
from dv_forum.stats.periods import fy_quarter
from dv_forum.vault import Vault

TODAY = date(2026, 6, 15)  # 6-year policy: cases closed before 2020-06-15 are due
QUARTERS = [fy_quarter(y, q) for y in range(2016, 2026) for q in (1, 2, 3, 4)]


def _make(vault: Vault, victim: Identity, perp: Identity, day: date, closed: date | None, n: int) -> str:
    raw: dict[str, Any] = {
        "referral_date": day.isoformat(),
        "heard_date": (day + timedelta(days=14)).isoformat(),
        "area": ("Coalville", "Greenhill")[n % 2],
        "referring_agency": ("Police", "IDVA", "Health")[n % 3],
        "victim_gender": "MF"[n % 4 != 0],
        "victim_age": 17 + n % 40,
        "bame": n % 3 == 0,
        "lgbt": n % 5 == 0,
        "children": n % 3,
    }
    if closed:
        raw |= {"status": "closed", "closed_date": closed.isoformat()}
    return referrals.create(vault, raw, victim, perp)


def _history(vault: Vault) -> None:
    """Victims referred again and again across 2016-2022: some referrals due for purging, some kept,
    repeats of due cases among the kept ones (FY2018/19's two cases, one a repeat, among them)."""
    rng = random.Random(32)
    n = 0
    for v in range(14):
        victim = Identity("Victim", f"V{v}", f"01/0{1 + v % 9}/198{v % 10}")
        perp = Identity(source_id=f"P-{v % 9}")  # some perpetrators with several victims
        day = date(2016, 4, 1) + timedelta(days=rng.randrange(0, 700))
        while day < date(2022, 6, 1):
            n += 1
            closed = day + timedelta(days=rng.randrange(20, 600))
            _make(vault, victim, perp, day, closed if rng.random() < 0.85 else None, n)
            day += timedelta(days=rng.choice((60, 200, 330, 380, 500)))


def _figures(vault: Vault) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for basis in ("heard", "referred"):
        report = service.repeat(vault, QUARTERS[0].start, QUARTERS[-1].end, "quarter", basis)
        out[basis] = report.as_dict()
    for quarter in QUARTERS:
        out[quarter.label] = service.safelives(vault, quarter).as_dict()
    for b in service.breakdowns(vault, QUARTERS[-1], list(DIMENSIONS), trend=len(QUARTERS)):
        out[b.dimension] = b.as_dict()
    return out


def test_every_past_quarter_is_identical_before_and_after_a_purge(vault: Vault) -> None:
    _history(vault)
    before = _figures(vault)
    repeats = sum(p["repeats"] for p in before["heard"]["periods"])
    assert repeats > 5
    report = retention.report(vault, TODAY)
    assert len(report.due) > 10
    result = retention.purge(vault, TODAY)
    assert result.purged == len(report.due)
    after = _figures(vault)
    for key, figure in before.items():
        assert after[key] == figure, key
    # Flags of held cases are what a recompute gives, and stay so.
    assert recompute.recompute(vault.conn).changed == 0
    # The stubs hold nothing that names anyone: no case reference, no free text, no keyed identity.
    columns = {r[1] for r in vault.conn.execute("PRAGMA table_info(referral_stubs)")}
    assert not columns & {"case_ref", "notes", "victim_initials", "pj_reason", "link_key", "dash_answers"}
    purged = vault.conn.execute("SELECT count(*) FROM referral_stubs").fetchone()[0]
    assert purged == result.purged
    # A second purge (nothing due) changes nothing either.
    assert retention.purge(vault, TODAY).purged == 0
    assert _figures(vault) == before


def test_a_repeat_of_a_purged_case_stays_a_repeat_in_its_year(vault: Vault) -> None:
    """The described case: FY2018/19 shows 2 cases, 1 repeat, before and after the first is purged."""
    ann, perp = Identity("Example", "Ann", "01/02/1980"), Identity(source_id="P-1")
    _make(vault, ann, perp, date(2018, 5, 1), date(2018, 12, 1), 1)
    _make(vault, ann, perp, date(2018, 11, 1), None, 2)  # still open: kept
    fy = fy_quarter(2018, 1).start, fy_quarter(2018, 4).end
    figure = service.repeat(vault, *fy, "year").total
    assert (figure.cases, figure.repeats) == (2, 1)
    assert retention.purge(vault, TODAY).purged == 1
    figure = service.repeat(vault, *fy, "year").total
    assert (figure.cases, figure.repeats) == (2, 1)
