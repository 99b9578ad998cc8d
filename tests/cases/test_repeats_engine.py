"""The repeat engine: the worked example, its boundaries, and a brute-force property test."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from dv_forum.cases.repeats import Flag, RefRow, RepeatRules, add_months, compute, lapsed

D = date.fromisoformat

# Victims A, B, C = 1, 2, 3; perpetrators P1..P4 = 11..14.
WORKED = [
    ("A", "P1", "2009-05-10", False),
    ("B", "P2", "2009-06-01", False),
    ("C", "P3", "2009-07-01", False),
    ("A", "P1", "2009-11-02", True),
    ("A", "P4", "2010-01-15", False),
    ("B", "P2", "2010-06-01", True),
    ("C", "P3", "2010-07-02", False),
    ("A", "P1", "2010-12-01", False),
]
VICTIM = {"A": 1, "B": 2, "C": 3}
PERP = {"P1": 11, "P2": 12, "P3": 13, "P4": 14}


def worked_rows() -> list[RefRow]:
    return [RefRow(i + 1, VICTIM[v], PERP[p], D(d)) for i, (v, p, d, _) in enumerate(WORKED)]


def test_worked_example() -> None:
    flags = compute(worked_rows())
    assert [flags[i + 1].is_repeat for i in range(len(WORKED))] == [w[3] for w in WORKED]
    # Each repeat names the referral it follows and the rule set.
    assert flags[4].repeat_of == 1 and flags[6].repeat_of == 2
    assert all(f.rule == "pair/referral/12m/any" for f in flags.values())


def test_worked_example_financial_years() -> None:
    flags = compute(worked_rows())

    def fy(d: date) -> int:
        return d.year if d.month >= 4 else d.year - 1

    rows = worked_rows()
    by_fy: dict[int, list[bool]] = {}
    for r in rows:
        by_fy.setdefault(fy(r.referral_date), []).append(flags[r.id].is_repeat)
    assert {k: (len(v), sum(v)) for k, v in by_fy.items()} == {2009: (5, 1), 2010: (3, 1)}
    assert round(100 * 1 / 5, 1) == 20.0 and round(100 * 1 / 3, 1) == 33.3


@pytest.mark.parametrize(
    ("first", "second", "repeat"),
    [
        ("2009-06-01", "2010-06-01", True),  # exactly 12 months: inclusive
        ("2009-07-01", "2010-07-02", False),  # 12 months + 1 day
        ("2024-02-29", "2025-02-28", True),  # leap day clamps to month end
        ("2024-02-29", "2025-03-01", False),
        ("2023-03-31", "2024-03-31", True),
        ("2024-01-31", "2025-01-31", True),
        ("2024-01-01", "2024-01-01", True),  # same day: the second follows the first
    ],
)
def test_window_boundaries(first: str, second: str, repeat: bool) -> None:
    flags = compute([RefRow(1, 1, 2, D(first)), RefRow(2, 1, 2, D(second))])
    assert flags[2].is_repeat is repeat
    assert flags[1].is_repeat is False


def test_add_months_clamps() -> None:
    assert add_months(D("2024-02-29"), 12) == D("2025-02-28")
    assert add_months(D("2024-08-31"), 1) == D("2024-09-30")


def test_clock_restarts_on_each_referral() -> None:
    rows = [
        RefRow(1, 1, 2, D("2020-01-01")),
        RefRow(2, 1, 2, D("2020-12-01")),
        RefRow(3, 1, 2, D("2021-11-30")),
    ]
    flags = compute(rows)
    assert flags[3].is_repeat and flags[3].repeat_of == 2


def test_meeting_anchor_uses_heard_dates() -> None:
    rows = [
        RefRow(1, 1, 2, D("2020-01-01"), heard_date=D("2020-02-15")),
        RefRow(2, 1, 2, D("2021-02-10")),
    ]
    assert compute(rows, RepeatRules(anchor="meeting"))[2].is_repeat
    assert not compute(rows)[2].is_repeat
    unheard = [RefRow(1, 1, 2, D("2020-01-01")), RefRow(2, 1, 2, D("2020-03-01"))]
    assert not compute(unheard, RepeatRules(anchor="meeting"))[2].is_repeat


def test_outside_marac_counts_unless_this_marac_only() -> None:
    rows = [RefRow(1, 1, 2, D("2020-05-01"), outside_date=D("2019-06-01"))]
    f = compute(rows)[1]
    assert f.is_repeat and f.repeat_of is None and f.outside_date == D("2019-06-01")
    assert not compute(rows, RepeatRules(which="this"))[1].is_repeat
    old = [RefRow(1, 1, 2, D("2020-07-01"), outside_date=D("2019-06-01"))]
    assert not compute(old)[1].is_repeat


def test_vault_referral_wins_tie_with_outside_date() -> None:
    rows = [
        RefRow(1, 1, 2, D("2020-01-01")),
        RefRow(2, 1, 2, D("2020-06-01"), outside_date=D("2020-01-01")),
    ]
    assert compute(rows)[2].repeat_of == 1


def test_victim_unit_and_perp_repeat() -> None:
    rows = [
        RefRow(1, 1, 2, D("2020-01-01")),
        RefRow(2, 1, 3, D("2020-06-01")),
        RefRow(3, 4, 3, D("2020-09-01")),
        RefRow(4, 5, None, D("2020-09-02")),
        RefRow(5, 5, None, D("2020-10-02")),
    ]
    pair = compute(rows)
    assert not pair[2].is_repeat and pair[5].is_repeat  # unknown perpetrators pair with each other
    assert compute(rows, RepeatRules(unit="victim"))[2].is_repeat
    assert [pair[i].perp_repeat for i in range(1, 6)] == [False, False, True, False, False]


def test_rules_are_validated() -> None:
    with pytest.raises(ValueError):
        RepeatRules(unit="family")
    with pytest.raises(ValueError):
        RepeatRules(months=0)


def test_lapsed_list() -> None:
    rows = [
        RefRow(1, 1, 2, D("2020-01-15")),
        RefRow(2, 3, 4, D("2020-03-01")),
        RefRow(3, 3, 4, D("2020-11-01")),
    ]
    found = lapsed(rows, as_of=D("2021-02-01"))
    assert [(x.referral_id, x.lapsed_on) for x in found] == [(1, D("2021-01-15"))]
    assert lapsed(rows, as_of=D("2021-02-01"), since=D("2021-01-15")) == []
    assert lapsed(rows, as_of=D("2021-01-15")) == []  # still inside the window on the last day


# --- property test against a brute-force reference -----------------------------------------


def reference(rows: list[RefRow], rules: RepeatRules) -> dict[int, Flag]:
    """Straight from the rule text: quadratic, no shared state, dateutil for month arithmetic."""
    months = relativedelta(months=rules.months)

    def unit(r: RefRow) -> object:
        return r.victim if rules.unit == "victim" else (r.victim, r.perp)

    def before(a: RefRow, b: RefRow) -> bool:
        return (a.referral_date, a.id) < (b.referral_date, b.id)

    out = {}
    for r in rows:
        same = [p for p in rows if unit(p) == unit(r)]
        cands = []
        for p in same:
            if before(p, r):
                d = p.referral_date if rules.anchor == "referral" else p.heard_date
                if d is not None:
                    cands.append((d, 1, p.referral_date, p.id, p.id, None))
        if rules.which == "any":
            for p in same:
                if p.outside_date is not None and p.outside_date <= r.referral_date:
                    cands.append((p.outside_date, 0, date.min, 0, None, p.outside_date))
        rep, rep_of, rep_out = False, None, None
        if cands:
            best = max(cands)
            if r.referral_date <= best[0] + months:
                rep, rep_of, rep_out = True, best[4], best[5]
        perp = r.perp is not None and any(
            p.perp == r.perp and before(p, r) and r.referral_date <= p.referral_date + months for p in rows
        )
        out[r.id] = Flag(rep, rep_of, rep_out, rules.code, perp)
    return out


START = date(2019, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> list[RefRow]:
    n = draw(st.integers(0, 30))
    rows = []
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(0, 1500)))
        heard = draw(st.one_of(st.none(), st.integers(0, 60)))
        outside = draw(st.one_of(st.none(), st.integers(-500, 100)))
        rows.append(
            RefRow(
                id=draw(st.integers(1, 10_000)) * 100 + i,  # unique, not in date order
                victim=draw(st.integers(1, 4)),
                perp=draw(st.one_of(st.none(), st.integers(1, 3))),
                referral_date=day,
                heard_date=None if heard is None else day + timedelta(days=heard),
                outside_date=None if outside is None else day + timedelta(days=outside),
            )
        )
    return rows


rule_sets = st.builds(
    RepeatRules,
    unit=st.sampled_from(["pair", "victim"]),
    anchor=st.sampled_from(["referral", "meeting"]),
    months=st.sampled_from([1, 6, 12, 13]),
    which=st.sampled_from(["any", "this"]),
)


@settings(max_examples=400, deadline=None)
@given(histories(), rule_sets)
def test_engine_equals_reference(rows: list[RefRow], rules: RepeatRules) -> None:
    assert compute(rows, rules) == reference(rows, rules)


def test_the_window_compares_the_further_incidents_date() -> None:
    """Referred 2024-05-01, re-referred 2025-05-06 for an incident on 2025-04-28: a repeat (the
    incident is inside the 12 months), where the referral date alone would say it is not."""
    from datetime import date as d

    from dv_forum.cases.repeats import RefRow, compute

    rows = [RefRow(1, 10, 20, d(2024, 5, 1)), RefRow(2, 10, 20, d(2025, 5, 6))]
    assert not compute(rows)[2].is_repeat
    flag = compute(rows, incidents={2: d(2025, 4, 28)})[2]
    assert flag.is_repeat and flag.repeat_of == 1 and flag.perp_repeat
    # The incident date never moves the anchor: a third referral is measured from the second's
    # referral date, as before.
    rows.append(RefRow(3, 10, 20, d(2026, 5, 7)))
    assert not compute(rows, incidents={2: d(2025, 4, 28)})[3].is_repeat
