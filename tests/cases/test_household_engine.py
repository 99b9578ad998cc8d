"""The repeat engine with several perpetrators per referral, and the serial-perpetrator flag."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dv_forum.cases import case_list, household_service, referrals
from dv_forum.cases.household import perpetrator
from dv_forum.cases.linkage import Identity
from dv_forum.cases.repeats import RefRow, RepeatRules, add_months, compute, serial
from dv_forum.vault import Vault
from tests.cases.test_repeats_engine import histories, reference, rule_sets, worked_rows

D = date.fromisoformat


def test_worked_example_is_unchanged_with_no_further_perpetrators() -> None:
    rows = worked_rows()
    assert compute(rows, RepeatRules(), {}) == compute(rows, RepeatRules())


@settings(max_examples=300, deadline=None)
@given(histories(), rule_sets)
def test_single_perpetrators_give_the_flags_they_always_had(rows: list[RefRow], rules: RepeatRules) -> None:
    before = reference(rows, rules)
    assert compute(rows, rules, {}) == before
    # Listing a referral's own perpetrator again as a further one changes nothing either.
    again = {r.id: [r.perp] for r in rows if r.perp is not None}
    assert compute(rows, rules, again) == before


@st.composite
def with_further(draw: st.DrawFn) -> tuple[list[RefRow], dict[int, list[int]]]:
    rows = draw(histories())
    further = {r.id: draw(st.lists(st.integers(1, 3), max_size=2)) for r in rows}
    return rows, {k: v for k, v in further.items() if v}


def _expanded(rows: list[RefRow], further: dict[int, list[int]]) -> list[RefRow]:
    """One row per victim-perpetrator pair (same id): the reference reads pairs, not referrals."""
    out = []
    for r in rows:
        perps = [r.perp, *(p for p in further.get(r.id, []) if p != r.perp)]
        out += [r._replace(perp=p) for p in dict.fromkeys(perps)]
    return out


@settings(max_examples=300, deadline=None)
@given(with_further(), rule_sets)
def test_a_referral_is_a_pair_repeat_when_any_of_its_pairs_is(
    case: tuple[list[RefRow], dict[int, list[int]]], rules: RepeatRules
) -> None:
    rows, further = case
    got = compute(rows, rules, further)
    pairs = _expanded(rows, further)
    ref = {}
    for rid, flag in _pairs_reference(pairs, rules):
        was = ref.get(rid, (False, False))
        ref[rid] = (was[0] or flag[0], was[1] or flag[1])
    assert {rid: (f.is_repeat, f.perp_repeat) for rid, f in got.items()} == ref


def _pairs_reference(pairs: list[RefRow], rules: RepeatRules) -> list[tuple[int, tuple[bool, bool]]]:
    out = []
    for i, row in enumerate(pairs):
        # The row's own other pairs are the same referral, never "before" it.
        others = [p for j, p in enumerate(pairs) if j == i or p.id != row.id]
        flag = reference(others, rules)[row.id]
        out.append((row.id, (flag.is_repeat, flag.perp_repeat)))
    return out


def _serial_reference(rows: list[RefRow], further: dict[int, list[int]]) -> set[int]:
    def perps(r: RefRow) -> set[int]:
        return {p for p in [r.perp, *further.get(r.id, [])] if p is not None}

    found = set()
    for a in rows:
        for b in rows:
            lo, hi = sorted((a.referral_date, b.referral_date))
            if a.id != b.id and a.victim != b.victim and perps(a) & perps(b) and hi <= add_months(lo, 12):
                found.add(a.id)
    return found


@settings(max_examples=300, deadline=None)
@given(with_further())
def test_serial_flag_equals_reference(case: tuple[list[RefRow], dict[int, list[int]]]) -> None:
    rows, further = case
    assert serial(rows, further) == _serial_reference(rows, further)
    assert serial(rows) == _serial_reference(rows, {})


def test_serial_flag_boundaries() -> None:
    rows = [
        RefRow(1, 1, 11, D("2024-02-29")),
        RefRow(2, 2, 11, D("2025-02-28")),  # 12 months on (month end clamped): serial
        RefRow(3, 3, 12, D("2024-01-01")),
        RefRow(4, 4, 12, D("2025-01-02")),  # a day too late
        RefRow(5, 5, 13, D("2024-01-01")),
        RefRow(6, 5, 13, D("2024-02-01")),  # the same victim again: a repeat, not serial
    ]
    assert serial(rows) == {1, 2}


V1, V2 = Identity("Smith", "Jane", "04/03/1980"), Identity("Jones", "Ann", "1985-06-07")
P1, P2 = Identity("Brown", "Mark", "1975-01-02"), Identity("Green", "Ian", "1970-08-09")


def test_second_perpetrator_makes_the_pair_repeat_and_the_serial_flag(vault: Vault) -> None:
    first = referrals.create(vault, {"referral_date": "2025-01-10"}, V1, P1)
    later = referrals.create(vault, {"referral_date": "2025-06-10"}, V1, P2)
    assert not referrals.get(vault, later)["repeat"]
    household_service.add_perpetrator(vault, later, P1, perpetrator(identity=P1))
    case = referrals.get(vault, later)
    assert case["repeat"] and case["previous_referral"] == first
    other = referrals.create(vault, {"referral_date": "2025-09-01"}, V2, P2)
    assert referrals.get(vault, other)["serial_perp"] and referrals.get(vault, later)["serial_perp"]
    assert not referrals.get(vault, first)["serial_perp"]
    listed = {c["case_ref"]: c["serial_perp"] for c in case_list.list_cases(vault)}
    assert listed == {first: False, later: True, other: True}
    household_service.remove_perpetrator(vault, later, 2)
    assert not referrals.get(vault, later)["repeat"]


def test_the_schema_step_keeps_counts_perpetrators_and_flags() -> None:
    import sqlite3

    from dv_forum.cases import household
    from dv_forum.cases.recompute import ensure_current
    from dv_forum.vault import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    for step in migrations.STEPS[:-1]:  # the schema before this step
        step(conn)  # type: ignore[arg-type]
    conn.executemany(
        "INSERT INTO persons (id, kind, link_key) VALUES (?, ?, ?)",
        [(i, "victim" if i < 10 else "perpetrator", bytes([i])) for i in (1, 2, 11)],
    )
    rows = [
        RefRow(1, 1, 11, D("2024-01-05")),
        RefRow(2, 1, 11, D("2024-06-01")),
        RefRow(3, 2, 11, D("2025-03-01")),
    ]
    flags = compute(rows)
    conn.executemany(
        "INSERT INTO referrals (id, case_ref, referral_date, victim_id, perpetrator_id, children,"
        " children_ages, is_repeat, repeat_of, repeat_rule, perp_repeat, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')",
        [
            (r.id, f"R-{r.id}", r.referral_date.isoformat(), r.victim, r.perp, r.id, '["0-4"]')
            + (
                int(flags[r.id].is_repeat),
                flags[r.id].repeat_of,
                flags[r.id].rule,
                int(flags[r.id].perp_repeat),
            )
            for r in rows
        ],
    )
    conn.execute("BEGIN")
    migrations.STEPS[-1](conn)  # type: ignore[arg-type]
    conn.execute("COMMIT")
    ensure_current(conn)  # type: ignore[arg-type]  # the first list or save after the upgrade
    got = conn.execute(
        "SELECT id, children, children_ages, perpetrator_id, is_repeat, repeat_of, perp_repeat, serial_perp"
        " FROM referrals ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in got] == [
        (1, 1, '["0-4"]', 11, 0, None, 0, 0),
        (2, 2, '["0-4"]', 11, 1, 1, 1, 1),
        (3, 3, '["0-4"]', 11, 0, None, 1, 1),
    ]
    first = household.first_perpetrator(dict(conn.execute("SELECT * FROM referrals WHERE id = 1").fetchone()))
    assert first is not None and first["n"] == 1


def test_the_lapsed_list_follows_every_pair() -> None:
    """A referral with two perpetrators is in two pairs: the "12 months since last MARAC" list
    names it when its pair with the second perpetrator lapses, even though the first pair was
    referred again since."""
    from datetime import date as d

    from dv_forum.cases.repeats import RefRow, lapsed

    rows = [RefRow(1, 10, 21, d(2024, 1, 10)), RefRow(2, 10, 21, d(2024, 6, 1))]
    further = {1: [22]}
    assert [x.referral_id for x in lapsed(rows, d(2025, 3, 1))] == []
    found = lapsed(rows, d(2025, 3, 1), further=further)
    assert [(x.referral_id, x.lapsed_on) for x in found] == [(1, d(2025, 1, 10))]
