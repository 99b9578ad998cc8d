"""Applying another device's changes: duplicates skipped, gaps held, conflicts kept whole."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from dv_forum.exchange import devices, journal, kinds
from dv_forum.exchange.journal import DELETED
from dv_forum.vault.db import Connection


@dataclass
class Counts:
    applied: int = 0
    duplicates: int = 0
    held: int = 0
    conflicts: int = 0
    refused: int = 0  # changes to records this vault may not hold from that sender: not applied

    def to_dict(self) -> dict[str, int]:
        return {
            "applied": self.applied,
            "duplicates": self.duplicates,
            "held": self.held,
            "conflicts": self.conflicts,
        }


def _conflict(conn: Connection, c: dict[str, Any], field: str, ours: str | None, theirs: str | None) -> None:
    conn.execute(
        "INSERT INTO exchange_conflicts (record, field, ours, theirs, by, at) VALUES (?,?,?,?,?,?)",
        (c["record"], field, ours, theirs, c["origin"], c["at"]),
    )


def materialise(conn: Connection, record: str) -> None:
    """Write a record's current (winning) values into the local tables, or remove its row."""
    name, key = kinds.split(record)
    kind = kinds.registry().get(name)
    if kind is None:
        return
    values = journal.values(conn, record)
    if values.get(DELETED) == "1":
        kind.materialise(conn, key, None)
    else:
        kind.materialise(conn, key, {f: values[f] for f in kind.fields if f in values})


def _allowed_fields(c: dict[str, Any]) -> dict[str, Any]:
    kind = kinds.registry().get(kinds.split(c["record"])[0])
    keep = set(kind.fields if kind else ()) | {DELETED}
    return {**c, "fields": {f: v for f, v in c["fields"].items() if f in keep}}


def _apply_one(conn: Connection, c: dict[str, Any], policy: tuple[str, str], counts: Counts) -> None:
    """Apply one change in order: merged if this vault may hold it from that sender, else refused
    (only its number is kept, so later changes still follow in order)."""
    if c["record"] and kinds.accepts(policy[0], policy[1], c["record"]):
        c = _allowed_fields(c)
        counts.conflicts += _merge(conn, c)
        materialise(conn, c["record"])
    elif c["record"]:
        counts.refused += 1
        c = {**c, "record": "", "fields": {}, "deleted": 0, "audience": ""}
    conn.execute("UPDATE exchange_identity SET clock = max(clock, ?)", (c["stamp"],))
    journal.write_journal(conn, c)
    conn.execute("UPDATE exchange_devices SET applied_seq = ? WHERE name = ?", (c["seq"], c["origin"]))


def _merge(conn: Connection, c: dict[str, Any]) -> int:
    have = journal.current(conn, c["record"])
    if not have:  # a record first seen here cannot clash with anything
        for field, (_old, new) in c["fields"].items():
            journal.set_field(conn, c["record"], field, new, c["stamp"], c["origin"])
        return 0
    conflicts = 0
    deleted_here = have.get(DELETED, (None, 0, ""))[0] == "1"
    theirs_delete = bool(c["deleted"])
    for field, (old, new) in c["fields"].items():
        mine = have.get(field)
        my_value = mine[0] if mine else None
        # Edit against delete is always a conflict, whichever side deleted.
        clash = my_value != old or (deleted_here and not theirs_delete and field != DELETED)
        if theirs_delete and field != DELETED:
            if my_value != old:
                _conflict(conn, c, field, my_value, "(deleted)")
                conflicts += 1
            continue
        if clash and my_value != new:
            _conflict(conn, c, field, "(deleted)" if deleted_here and field != DELETED else my_value, new)
            conflicts += 1
        if mine is None or (c["stamp"], c["origin"]) > (mine[1], mine[2]):
            journal.set_field(conn, c["record"], field, new, c["stamp"], c["origin"])
    return conflicts


def apply_changes(conn: Connection, origin: str, changes: list[dict[str, Any]]) -> Counts:
    """Apply ORIGIN's changes inside the caller's transaction."""
    counts = Counts()
    applied, role = conn.execute(
        "SELECT applied_seq, role FROM exchange_devices WHERE name = ?", (origin,)
    ).fetchone()
    applied = int(applied)
    policy = (devices.kind(conn), str(role))
    for c in changes:
        if c["origin"] != origin:
            continue
        if (
            c["seq"] <= applied
            or conn.execute(
                "SELECT 1 FROM exchange_held WHERE origin = ? AND seq = ?", (origin, c["seq"])
            ).fetchone()
        ):
            counts.duplicates += 1
        else:
            conn.execute(
                "INSERT INTO exchange_held (origin, seq, body) VALUES (?,?,?)",
                (origin, c["seq"], json.dumps(c)),
            )
    while True:
        row = conn.execute(
            "SELECT body FROM exchange_held WHERE origin = ? AND seq = ?", (origin, applied + 1)
        ).fetchone()
        if row is None:
            break
        _apply_one(conn, json.loads(row[0]), policy, counts)
        conn.execute("DELETE FROM exchange_held WHERE origin = ? AND seq = ?", (origin, applied + 1))
        applied += 1
        counts.applied += 1
    counts.held = int(
        conn.execute("SELECT count(*) FROM exchange_held WHERE origin = ?", (origin,)).fetchone()[0]
    )
    return counts
