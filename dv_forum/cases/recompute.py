"""Write the repeat flags into referrals: load once, compute in Python, update what changed.

Run inside the caller's transaction when there is one, so a date edit, a confirmed match or a
settings change and its recomputed flags commit together.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dv_forum.cases import stubs
from dv_forum.cases.repeats import Further, Incidents, RefLike, RepeatRules, lapsed, serial, stored_flags
from dv_forum.cases.settings import repeat_rules
from dv_forum.gcpause import paused
from dv_forum.vault.db import Connection

# A previous MARAC elsewhere counts unless the referral says it was about another perpetrator, or
# that nobody knows (then it is listed for review): only "yes" (or, in records made before the
# question was asked, nothing) makes a repeat of it.
_SELECT = (
    "SELECT id, victim_id, perpetrator_id, referral_date, heard_date,"
    " CASE WHEN previous_marac_same_perpetrator IN ('no', 'not_known') THEN NULL"
    " ELSE previous_marac_date END,"
    " is_repeat, repeat_of, repeat_outside_date, repeat_rule, perp_repeat, serial_perp FROM referrals"
    # By id: the incremental recompute (incremental.py) reads its rows in the same order, so that a
    # referral in two pairs that are both repeats names the same one ("the first found").
    " ORDER BY id"
)
_UPDATE = (
    "UPDATE referrals SET is_repeat = ?, repeat_of = ?, repeat_outside_date = ?, repeat_rule = ?,"
    " perp_repeat = ? WHERE id = ?"
)


@dataclass(frozen=True)
class RecomputeResult:
    total: int
    changed: int
    seconds: float
    # Flags (as stored) of the ``pending`` rows passed to recompute, by referral id.
    pending: dict[int, tuple[object, ...]] = field(default_factory=dict)
    # Of the ``pending`` rows, those with the serial-perpetrator flag.
    pending_serial: frozenset[int] = frozenset()


def canonical_map(conn: Connection) -> dict[int, int]:
    """person id -> the id of the person it was confirmed to be (itself when never linked)."""
    # Plain tuples, not the connection's Row objects: 100,000+ persons are read on every recompute.
    cur = conn.cursor()
    cur.row_factory = None
    parent = {
        pid: (pid if cid is None else cid) for pid, cid in cur.execute("SELECT id, canonical_id FROM persons")
    }

    def root(p: int) -> int:
        seen = []
        while parent.get(p, p) != p:
            seen.append(p)
            p = parent[p]
        for s in seen:  # compress so later look-ups are direct
            parent[s] = p
        return p

    # Only linked persons need a walk; most map to themselves already (bench/run.py 3b).
    for p in [p for p, c in parent.items() if c != p]:
        root(p)
    return parent


def _tuples(conn: Connection, sql: str) -> Any:
    """Rows as plain tuples: the connection's Row factory costs about a third of load_rows."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql)


def load_further(conn: Connection, canon: dict[int, int]) -> dict[int, list[int]]:
    """referral id -> its further perpetrators' canonical person ids, in order."""
    out: dict[int, list[int]] = dict(stubs.engine_rows(conn, canon)[1])
    for rid, pid in _tuples(
        conn, "SELECT referral_id, person_id FROM case_perpetrators ORDER BY referral_id, position"
    ):
        out.setdefault(rid, []).append(canon.get(pid, pid))
    return out


def load_rows(
    conn: Connection,
    pending: Sequence[RefLike] = (),
    canon: dict[int, int] | None = None,
    serials: dict[int, int | None] | None = None,
) -> tuple[list[RefLike], dict[int, tuple[object, ...]]]:
    """Every referral as engine input (plain tuples in RefRow's order), plus its stored flag values
    (to detect changes); ``serials``, when given, gets the stored serial-perpetrator flags.

    ``pending`` are referrals about to be inserted (with the ids they will get); their persons are
    resolved to canonical ids like the stored ones'."""
    canon = canonical_map(conn) if canon is None else canon
    linked = {p for p, c in canon.items() if p != c}
    rows: list[RefLike] = []
    stored: dict[int, tuple[object, ...]] = {}
    days: dict[str | None, date | None] = {None: None, "": None}  # ISO text -> date, per load
    for (
        rid,
        vic,
        perp,
        ref_d,
        heard,
        outside,
        is_rep,
        rep_of,
        rep_out,
        rule,
        perp_rep,
        serial_perp,
    ) in _tuples(conn, _SELECT):
        for text in (ref_d, heard, outside):
            if text not in days:
                days[text] = date.fromisoformat(text)
        rows.append(
            (
                rid,
                canon.get(vic, vic),
                None if perp is None else canon.get(perp, perp),
                days[ref_d],  # type: ignore[arg-type]  # referral_date is NOT NULL
                days[heard],
                days[outside],
            )
        )
        stored[rid] = (is_rep, rep_of, rep_out, rule, perp_rep)
        if serials is not None:
            serials[rid] = serial_perp
    # Then the rows about to be inserted (their ids are the highest), as an incremental recompute
    # orders them.
    rows.extend(
        r
        if r[1] not in linked and r[2] not in linked
        else (r[0], canon[r[1]], None if r[2] is None else canon.get(r[2], r[2]), r[3], r[4], r[5])
        for r in pending
    )
    # Purged cases' stubs are history for the referrals held; their own flags are never rewritten.
    rows.extend(stubs.engine_rows(conn, canon)[0])
    return rows, stored


# Above this many changed rows, one table scan beats one UPDATE statement per row (each statement
# costs tens of microseconds on an encrypted connection; a scan with a lookup function does not).
BULK_FROM = 500


def _write(
    conn: Connection, updates: Sequence[tuple[object, ...]], serial_updates: Sequence[tuple[int, int]] = ()
) -> None:
    # Serial flags change rarely (all at once only on the first recompute after the schema step).
    conn.executemany("UPDATE referrals SET serial_perp = ? WHERE id = ?", serial_updates)
    if not updates:
        return
    if len(updates) < BULK_FROM:
        conn.executemany(_UPDATE, updates)
        return
    new: dict[int, tuple[Any, ...]] = {int(str(u[-1])): u for u in updates}

    def flag(rid: int, col: int) -> Any:
        return new[rid][col]

    def changed(rid: int) -> int:
        return int(rid in new)

    conn.create_function("dvf_flag", 2, flag, deterministic=True)
    conn.create_function("dvf_changed", 1, changed, deterministic=True)
    try:
        conn.execute(
            "UPDATE referrals SET is_repeat = dvf_flag(id, 0), repeat_of = dvf_flag(id, 1),"
            " repeat_outside_date = dvf_flag(id, 2), repeat_rule = dvf_flag(id, 3),"
            " perp_repeat = dvf_flag(id, 4) WHERE dvf_changed(id)"
        )
    finally:
        conn.create_function("dvf_flag", 2, None)
        conn.create_function("dvf_changed", 1, None)


def write_flags(
    conn: Connection, updates: Sequence[tuple[object, ...]], serial_updates: Sequence[tuple[int, int]] = ()
) -> None:
    """Write changed flags (each update: the five flag values, then the referral id), inside the
    caller's transaction when there is one."""
    if not updates and not serial_updates:
        return
    if conn.in_transaction:
        _write(conn, updates, serial_updates)
        return
    conn.execute("BEGIN IMMEDIATE")  # one transaction, not one synced commit per row
    try:
        _write(conn, updates, serial_updates)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def load_incidents(conn: Connection) -> Incidents:
    """The further incidents' dates the referrals give (a few; most referrals give none)."""
    return {
        int(rid): date.fromisoformat(day)
        for rid, day in conn.execute(
            "SELECT id, incident_date FROM referrals WHERE incident_date IS NOT NULL"
        )
    }


def recompute(
    conn: Connection,
    rules: RepeatRules | None = None,
    pending: Sequence[RefLike] = (),
    pending_incidents: Incidents | None = None,
) -> RecomputeResult:
    """Recompute every referral's repeat flags; return how many rows changed.

    ``rules`` defaults to the vault's settings. Every row records the rule set it was flagged under.
    ``pending``: referrals not inserted yet (an import); their flags come back in ``.pending`` so
    they are inserted with them, instead of inserting and then rewriting every new row (100,000
    imported rows: about 0.7 s less, bench/run.py 2b).
    """
    started = time.perf_counter()
    if rules is None:
        rules = repeat_rules(conn)
    updates = []
    new_flags: dict[int, tuple[object, ...]] = {}
    with paused():
        canon = canonical_map(conn)
        serials: dict[int, int | None] = {}
        rows, stored = load_rows(conn, pending, canon, serials)
        further: Further = load_further(conn, canon)
        incidents = load_incidents(conn) | (pending_incidents or {})
        for rid, new in stored_flags(rows, rules, further, incidents).items():
            old = stored.get(rid)
            if stubs.is_stub(rid):
                continue
            if old is None:
                new_flags[rid] = new
            elif old != new:
                updates.append((*new, rid))
        flagged = serial(rows, further)
        serial_updates = [
            (int(rid in flagged), rid) for rid, was in serials.items() if was != (rid in flagged)
        ]
    write_flags(conn, updates, serial_updates)
    pending_serial = frozenset(rid for rid in new_flags if rid in flagged)
    return RecomputeResult(len(rows), len(updates), time.perf_counter() - started, new_flags, pending_serial)


def ensure_current(conn: Connection) -> RecomputeResult | None:
    """Recompute if any flag was made under rules other than the current settings (a setting was
    changed elsewhere, e.g. `dv-forum settings set repeat.window_months 6`). Cheap when current."""
    rules = repeat_rules(conn)
    stale = conn.execute(
        "SELECT 1 FROM referrals WHERE repeat_rule IS NOT ? OR serial_perp IS NULL LIMIT 1", (rules.code,)
    ).fetchone()
    return recompute(conn, rules) if stale else None


def lapsed_cases(conn: Connection, as_of: date, since: date | None = None) -> list[tuple[str, str, str]]:
    """The "12 months since last MARAC" list under the current repeat rules: (case_ref of the
    unit's latest referral, its anchor date, the day its window closed), oldest first."""
    rules = repeat_rules(conn)
    canon = canonical_map(conn)
    rows, _ = load_rows(conn, canon=canon)
    found = lapsed(rows, as_of, since, rules, load_further(conn, canon))
    refs = dict(conn.execute("SELECT id, case_ref FROM referrals").fetchall())
    # A unit whose latest referral was purged is left out: its window closed long before the purge.
    return [
        (refs[x.referral_id], x.anchor_date.isoformat(), x.lapsed_on.isoformat())
        for x in found
        if x.referral_id in refs
    ]


def pending_rows(
    ids: range,
    vids: list[int],
    pids: list[int | None],
    ref: list[Any],
    heard: list[Any],
    prev: list[Any],
    same: list[Any],
) -> list[RefLike]:
    """Rows about to be inserted (an import) as the engine reads stored ones (see _SELECT): a
    previous MARAC not about the same perpetrator, or not known to be, is no anchor."""
    prev = [None if s in ("no", "not_known") else p for p, s in zip(prev, same, strict=True)]
    days: dict[str | None, date | None] = {t: date.fromisoformat(t) for t in {*ref, *heard, *prev} if t}
    return list(
        zip(
            ids,
            vids,
            pids,
            map(days.__getitem__, ref),
            map(days.get, heard),
            map(days.get, prev),
            strict=True,
        )
    )
