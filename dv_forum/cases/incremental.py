"""Recompute the repeat flags of only the referrals a save touches (issue 22).

A referral's flags depend only on its units (the pair of its victim with each of its perpetrators,
or its victim: docs/cases.md) and on its perpetrators' histories (perp_repeat, serial_perp). A save
of referral X (a new referral, an edit, a household change, a confirmed match, an import's rows)
can therefore change the flags of just the referrals that share a victim or a perpetrator with X,
before or after the save (an edit can move X out of a unit): the *affected* referrals. They are
recomputed by the same engine over every referral that shares a victim or a perpetrator with one of
them, so each affected referral's units and perpetrator histories are complete, and in the order of
the whole-vault recompute (referrals by id, then rows about to be inserted, then purged cases'
stubs), so that ties resolve alike. Only the affected referrals' flags are written.

Runs inside the caller's transaction, with the vault's current rules (a rule setting change
recomputes the whole vault: settings.py, `cases recompute`). tests/cases/test_incremental.py holds
it to the whole-vault recompute on random histories.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from dv_forum.cases import stubs
from dv_forum.cases.recompute import RecomputeResult, write_flags
from dv_forum.cases.repeats import Incidents, RefLike, RepeatRules, lapsed, serial, stored_flags
from dv_forum.cases.settings import repeat_rules
from dv_forum.vault.db import Connection

_COLUMNS = (
    "id, victim_id, perpetrator_id, referral_date, heard_date,"
    " CASE WHEN previous_marac_same_perpetrator IN ('no', 'not_known') THEN NULL"
    " ELSE previous_marac_date END, incident_date,"
    " is_repeat, repeat_of, repeat_outside_date, repeat_rule, perp_repeat, serial_perp"
)
_IN = "IN (SELECT value FROM json_each(?))"

# Raw rows as read: the _COLUMNS in order, and the further perpetrators (person ids) by referral.
Raw = dict[int, tuple[Any, ...]]


def _query(conn: Connection, sql: str, params: Sequence[object]) -> Any:
    """Rows as plain tuples (the connection's Row factory is not needed here)."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params)


def linked_persons(conn: Connection) -> dict[int, int]:
    """person id -> the person it was confirmed to be (its root), for linked persons only: every
    other person is its own root, so ``canon.get(p, p)`` reads it as ``canonical_map`` would."""
    parent = dict(_query(conn, "SELECT id, canonical_id FROM persons WHERE canonical_id IS NOT NULL", ()))
    out: dict[int, int] = {}
    for p in parent:
        q, seen = p, set()
        while q in parent and q not in seen:
            seen.add(q)
            q = parent[q]
        out[p] = q
    return out


def persons_of(conn: Connection, referral_ids: Iterable[int]) -> set[int]:
    """The person ids (as stored, not resolved) of these referrals' victims and perpetrators."""
    ids = json.dumps(sorted(referral_ids))
    out: set[int] = set()
    for vic, perp in _query(conn, f"SELECT victim_id, perpetrator_id FROM referrals WHERE id {_IN}", (ids,)):
        out.add(vic)
        if perp is not None:
            out.add(perp)
    out.update(
        p for (p,) in _query(conn, f"SELECT person_id FROM case_perpetrators WHERE referral_id {_IN}", (ids,))
    )
    return out


def _members(roots: set[int], canon: dict[int, int]) -> set[int]:
    """Every person id whose root is in ``roots``."""
    return roots | {p for p, r in canon.items() if r in roots}


def _touching(conn: Connection, members: set[int]) -> set[int]:
    """Referrals with one of these persons as victim or as any perpetrator (by the indexes)."""
    people = json.dumps(sorted(members))
    ids = {
        r
        for (r,) in _query(
            conn,
            f"SELECT id FROM referrals WHERE victim_id {_IN} OR perpetrator_id {_IN}",
            (people, people),
        )
    }
    ids.update(
        r
        for (r,) in _query(
            conn, f"SELECT referral_id FROM case_perpetrators WHERE person_id {_IN}", (people,)
        )
    )
    return ids


def _load(conn: Connection, ids: set[int], raw: Raw, further: dict[int, list[int]]) -> None:
    """Add these referrals (and their further perpetrators) to ``raw`` and ``further``."""
    wanted = json.dumps(sorted(ids))
    for row in _query(conn, f"SELECT {_COLUMNS} FROM referrals WHERE id {_IN}", (wanted,)):
        raw[row[0]] = row
    for rid, pid in _query(
        conn,
        f"SELECT referral_id, person_id FROM case_perpetrators WHERE referral_id {_IN}"
        " ORDER BY referral_id, position",
        (wanted,),
    ):
        further.setdefault(rid, []).append(pid)


def _root(canon: dict[int, int], person: int) -> int:
    return canon.get(person, person)


def _roots(raw: Raw, further: dict[int, list[int]], canon: dict[int, int]) -> set[int]:
    out: set[int] = set()
    for row in raw.values():
        out.add(_root(canon, row[1]))
        if row[2] is not None:
            out.add(_root(canon, row[2]))
    for people in further.values():
        out.update(canon.get(p, p) for p in people)
    return out


class _Days(dict[str, date]):
    def __missing__(self, text: str) -> date:
        day = self[text] = date.fromisoformat(text)
        return day


def _engine_rows(
    raw: Raw, canon: dict[int, int], pending: Sequence[RefLike]
) -> tuple[list[RefLike], Incidents]:
    """The loaded referrals as the engine reads them, by id, then the pending rows."""
    days = _Days()
    rows: list[RefLike] = []
    incidents: Incidents = {}
    for rid in sorted(raw):
        _, vic, perp, ref_d, heard, outside, incident = raw[rid][:7]
        rows.append(
            (
                rid,
                _root(canon, vic),
                None if perp is None else _root(canon, perp),
                days[ref_d],
                days[heard] if heard else None,
                days[outside] if outside else None,
            )
        )
        if incident:
            incidents[rid] = days[incident]
    for r in pending:
        v, p = r[1], r[2]
        rows.append((r[0], canon.get(v, v), None if p is None else canon.get(p, p), r[3], r[4], r[5]))
    return rows, incidents


def recompute_for(
    conn: Connection,
    persons: Iterable[int],
    rules: RepeatRules | None = None,
    pending: Sequence[RefLike] = (),
    pending_incidents: Incidents | None = None,
) -> RecomputeResult:
    """Recompute the flags of the referrals sharing a victim or a perpetrator with ``persons``
    (person ids as stored: the saved referral's, before and after the save) and of ``pending``
    rows (about to be inserted; their flags come back as from ``recompute.recompute``)."""
    started = time.perf_counter()
    rules = rules or repeat_rules(conn)
    canon = linked_persons(conn)
    seeds = set(persons) | {r[1] for r in pending} | {r[2] for r in pending if r[2] is not None}
    raw: Raw = {}
    further: dict[int, list[int]] = {}
    affected = _touching(conn, _members({canon.get(p, p) for p in seeds}, canon))
    _load(conn, affected, raw, further)
    roots = _roots(raw, further, canon) | {canon.get(p, p) for p in seeds}
    members = _members(roots, canon)
    _load(conn, _touching(conn, members) - affected, raw, further)
    rows, incidents = _engine_rows(raw, canon, pending)
    incidents |= pending_incidents or {}
    history, stub_further = stubs.engine_rows(conn, canon, members)
    rows += history
    engine_further = {rid: [canon.get(p, p) for p in ps] for rid, ps in further.items()} | stub_further
    flags = stored_flags(rows, rules, engine_further, incidents)
    flagged = serial(rows, engine_further)
    updates, serial_updates = [], []
    for rid in sorted(affected):
        row = raw[rid]
        if flags[rid] != row[7:12]:
            updates.append((*flags[rid], rid))
        if row[12] != (rid in flagged):
            serial_updates.append((int(rid in flagged), rid))
    write_flags(conn, updates, serial_updates)
    new_flags: dict[int, tuple[object, ...]] = {r[0]: flags[r[0]] for r in pending}
    pending_serial = frozenset(rid for rid in new_flags if rid in flagged)
    return RecomputeResult(len(rows), len(updates), time.perf_counter() - started, new_flags, pending_serial)


def lapsed_between(conn: Connection, as_of: date, since: date) -> list[tuple[str, str, str]]:
    """``recompute.lapsed_cases`` with a lower bound, reading only the victims whose window can have
    closed between ``since`` and ``as_of`` (a pack's "12 months since last MARAC" list): their
    latest anchor lies that many months earlier, give or take the month-end clamping."""
    rules = repeat_rules(conn)
    column = "referral_date" if rules.anchor == "referral" else "heard_date"
    lo = since - relativedelta(months=rules.months) - timedelta(days=7)
    hi = as_of - relativedelta(months=rules.months) + timedelta(days=7)
    near = [
        v
        for (v,) in _query(
            conn,
            f"SELECT DISTINCT victim_id FROM referrals WHERE {column} BETWEEN ? AND ?",
            (str(lo), str(hi)),
        )
    ]
    if not near:
        return []
    canon = linked_persons(conn)
    victims = {canon.get(v, v) for v in near}
    raw: Raw = {}
    further: dict[int, list[int]] = {}
    _load(conn, _touching(conn, _members(victims, canon)), raw, further)
    rows, _ = _engine_rows(raw, canon, ())
    engine_further = {rid: [canon.get(p, p) for p in ps] for rid, ps in further.items()}
    # Referrals of other victims came in through a shared perpetrator, without the rest of their
    # victims' histories: only the near victims' units are complete, so only they are listed.
    mine = {r[0] for r in rows if r[1] in victims}
    found = [x for x in lapsed(rows, as_of, since, rules, engine_further) if x.referral_id in mine]
    refs = json.dumps(sorted(x.referral_id for x in found))
    case_refs = dict(_query(conn, f"SELECT id, case_ref FROM referrals WHERE id {_IN}", (refs,)))
    return [(case_refs[x.referral_id], x.anchor_date.isoformat(), x.lapsed_on.isoformat()) for x in found]
