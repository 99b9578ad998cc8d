"""The change journal: every replicated change, written in the same transaction as the change.

Each field holds a value with a stamp (Lamport clock, device name); the highest stamp wins on every
device, so all vaults agree whatever order changes arrive in. A change says what its author saw
(old values, base stamp), which is how a concurrent change on the other side is noticed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from dv_forum.vault.db import Connection

DELETED = "__deleted__"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def device(conn: Connection) -> str:
    return str(conn.execute("SELECT device FROM exchange_identity").fetchone()[0])


def current(conn: Connection, record: str) -> dict[str, tuple[str | None, int, str]]:
    rows = conn.execute("SELECT field, value, stamp, origin FROM exchange_fields WHERE record = ?", (record,))
    return {r[0]: (r[1], int(r[2]), str(r[3])) for r in rows}


def values(conn: Connection, record: str) -> dict[str, str | None]:
    return {f: v[0] for f, v in current(conn, record).items()}


def _next(conn: Connection) -> tuple[str, int, int]:
    me, seq, clock = conn.execute("SELECT device, next_seq, clock FROM exchange_identity").fetchone()
    conn.execute("UPDATE exchange_identity SET next_seq = ?, clock = ?", (seq + 1, clock + 1))
    return str(me), int(seq), int(clock) + 1


def set_field(conn: Connection, record: str, field: str, value: str | None, stamp: int, origin: str) -> None:
    conn.execute(
        "INSERT INTO exchange_fields (record, field, value, stamp, origin) VALUES (?,?,?,?,?) "
        "ON CONFLICT (record, field) DO UPDATE SET value = excluded.value, stamp = excluded.stamp, "
        "origin = excluded.origin",
        (record, field, value, stamp, origin),
    )


def record_change(
    conn: Connection, record: str, new: dict[str, str | None], audience: str = "", delete: bool = False
) -> dict[str, Any]:
    """Change fields of RECORD (or delete it) and journal it. Runs in the caller's transaction."""
    have = current(conn, record)
    me, seq, stamp = _next(conn)
    if delete:
        new = {DELETED: "1"}
        # A tombstone says what its author saw, so a concurrent edit elsewhere shows as a conflict.
        fields = {f: [v[0], v[0]] for f, v in have.items() if f != DELETED}
        fields[DELETED] = [have.get(DELETED, (None, 0, ""))[0], "1"]
    else:
        fields = {f: [have.get(f, (None, 0, ""))[0], v] for f, v in new.items()}
        if have.get(DELETED, (None, 0, ""))[0] == "1":
            fields[DELETED] = ["1", None]
    base = max((v[1] for v in have.values()), default=0)
    for f, (_old, value) in fields.items():
        if f in new or f == DELETED:
            set_field(conn, record, f, value, stamp, me)
    change = {
        "origin": me,
        "seq": seq,
        "stamp": stamp,
        "record": record,
        "base": base,
        "fields": fields,
        "deleted": int(delete),
        "audience": audience,
        "at": now(),
    }
    write_journal(conn, change)
    return change


def write_journal(conn: Connection, c: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO exchange_journal (origin, seq, stamp, record, base, fields, deleted, audience, at) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        (
            c["origin"],
            c["seq"],
            c["stamp"],
            c["record"],
            c["base"],
            json.dumps(c["fields"]),
            c["deleted"],
            c["audience"],
            c["at"],
        ),
    )


def own_changes_after(conn: Connection, after: int, audience: str | None) -> list[dict[str, Any]]:
    """This device's changes numbered above AFTER; only those whose record belongs with AUDIENCE
    (None: the coordinator, who may hold everything; a change's audience is a comma list of devices)."""
    rows = conn.execute(
        "SELECT origin, seq, stamp, record, base, fields, deleted, audience, at FROM exchange_journal "
        "WHERE origin = (SELECT device FROM exchange_identity) AND seq > ? ORDER BY seq",
        (after,),
    ).fetchall()
    out = []
    for r in rows:
        # Sequence numbers must stay gapless for each receiver, so a change the receiver may not hold
        # travels as an empty placeholder that only advances its counter.
        visible = audience is None or audience in r[7].split(",")
        out.append(
            {
                "origin": r[0],
                "seq": r[1],
                "stamp": r[2],
                "record": r[3] if visible else "",
                "base": r[4],
                "fields": json.loads(r[5]) if visible else {},
                "deleted": r[6] if visible else 0,
                "audience": r[7] if visible else "",
                "at": r[8],
            }
        )
    return out
