"""Stubs of purged cases (schema step case_stubs): what a retention purge keeps so that no reported
figure and no later repeat flag changes, without identity.

A stub holds the dates, the canonical person ids, the repeat flags as they stood (with the rule they
were made under) and the categorical fields the statistics count; no case reference, no free text.
The statistics read referrals and stubs together (the ``stat_referrals`` view). The repeat engine reads
stubs as history for the referrals still held but never rewrites a stub's own flags: a purged case's
flag stays the one it was reported with.

A stub takes the engine id ``stub id - STUB_BASE``: always below every referral id (so a stub never
collides with a referral, even one given a purged case's old id) and in purge order among stubs.
"""

from __future__ import annotations

import json
from datetime import date

from dv_forum.cases.repeats import RefLike
from dv_forum.vault.db import Connection

STUB_BASE = 2**40

_COPY = (
    "referral_date, heard_date, previous_marac_date, is_repeat, repeat_outside_date, repeat_rule, "
    "perp_repeat, referring_agency, area, risk_band, victim_gender, victim_age, bame, disability, lgbt, "
    "children, idva"
)

# The purged referral's own columns, but a previous MARAC elsewhere that was not about the same
# perpetrator (or not known to be) is not kept: a stub is history the repeat engine reads.
_SOURCE = _COPY.replace(
    "previous_marac_date",
    "CASE WHEN previous_marac_same_perpetrator IN ('no', 'not_known') THEN NULL ELSE previous_marac_date END",
)


def is_stub(engine_id: int) -> bool:
    return engine_id < 0


def keep(conn: Connection, referral_id: int, canon: dict[int, int], today: date) -> None:
    """Write the stub of a referral about to be purged (inside the purge's transaction)."""
    victim, perp = conn.execute(
        "SELECT victim_id, perpetrator_id FROM referrals WHERE id = ?", (referral_id,)
    ).fetchone()
    further = [
        str(canon.get(p, p))
        for (p,) in conn.execute(
            "SELECT person_id FROM case_perpetrators WHERE referral_id = ? ORDER BY position", (referral_id,)
        )
    ]
    conn.execute(
        f"INSERT INTO referral_stubs ({_COPY}, victim_id, perpetrator_id, further_perps, "  # noqa: S608
        "any_perp_under18, purged_on) "
        f"SELECT {_SOURCE}, ?, ?, ?, (SELECT coalesce(any_perp_under18, 0) FROM stat_referrals s "
        "WHERE s.id = referrals.id), ? FROM referrals WHERE id = ?",
        (
            canon.get(victim, victim),
            None if perp is None else canon.get(perp, perp),
            ",".join(further),
            today.isoformat(),
            referral_id,
        ),
    )


def forget_gone_persons(conn: Connection) -> None:
    """After the purge removed persons referred by nothing held: clear their ids from the stubs, so a
    new person given the same id later is never taken for them. A stub with no victim is no longer
    history for anyone; a perpetrator gone is marked so it is not read as "unknown"."""
    gone = "NOT IN (SELECT id FROM persons)"
    conn.execute(f"UPDATE referral_stubs SET victim_id = NULL WHERE victim_id {gone}")  # noqa: S608
    conn.execute(
        f"UPDATE referral_stubs SET perpetrator_id = NULL, perp_gone = 1 WHERE perpetrator_id {gone}"  # noqa: S608
    )
    rows = conn.execute("SELECT id, further_perps FROM referral_stubs WHERE further_perps != ''").fetchall()
    held = {int(r[0]) for r in conn.execute("SELECT id FROM persons")} if rows else set()
    for stub_id, text in rows:
        kept = [p for p in text.split(",") if int(p) in held]
        if len(kept) != len(text.split(",")):
            conn.execute(
                "UPDATE referral_stubs SET further_perps = ? WHERE id = ?", (",".join(kept), stub_id)
            )


def engine_rows(
    conn: Connection, canon: dict[int, int], persons: set[int] | None = None
) -> tuple[list[RefLike], dict[int, list[int]]]:
    """The stubs as repeat-engine history (person ids resolved again: a match confirmed after the
    purge still counts), and their further perpetrators by engine id. ``persons``: only the stubs
    with one of these person ids as victim or as any perpetrator (an incremental recompute)."""
    rows: list[RefLike] = []
    further: dict[int, list[int]] = {}
    sql = (
        "SELECT id, victim_id, perpetrator_id, perp_gone, further_perps, referral_date, heard_date, "
        "previous_marac_date FROM referral_stubs WHERE victim_id IS NOT NULL"
    )
    params: tuple[str, ...] = ()
    if persons is not None:
        inside = "IN (SELECT value FROM json_each(?1))"
        sql += f" AND (victim_id {inside} OR perpetrator_id {inside} OR further_perps != '')"
        params = (json.dumps(sorted(persons)),)
    for sid, vic, perp, gone, more, ref_d, heard, outside in conn.execute(sql + " ORDER BY id", params):
        if persons is not None and not _involves(persons, vic, perp, more):
            continue
        eid = sid - STUB_BASE
        # A perpetrator gone matches nobody held: its own value, never None ("not known").
        p = eid if gone else (None if perp is None else canon.get(perp, perp))
        rows.append(
            (
                eid,
                canon.get(vic, vic),
                p,
                date.fromisoformat(ref_d),
                date.fromisoformat(heard) if heard else None,
                date.fromisoformat(outside) if outside else None,
            )
        )
        if more:
            further[eid] = [canon.get(int(x), int(x)) for x in more.split(",")]
    return rows, further


def _involves(persons: set[int], victim: int, perp: int | None, more: str) -> bool:
    return victim in persons or perp in persons or any(int(x) in persons for x in more.split(",") if x)
