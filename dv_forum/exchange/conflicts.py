"""The conflict inbox: both values of a field changed on two sides, kept until a person decides."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dv_forum.errors import UserError
from dv_forum.exchange import journal
from dv_forum.exchange.journal import DELETED
from dv_forum.vault.db import Connection

GONE = "(deleted)"


@dataclass(frozen=True)
class Conflict:
    id: int
    record: str
    field: str
    ours: str | None
    theirs: str | None
    by: str
    at: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "record": self.record,
            "field": self.field,
            "ours": self.ours,
            "theirs": self.theirs,
            "by": self.by,
            "at": self.at,
        }


def open_conflicts(conn: Connection) -> list[Conflict]:
    rows = conn.execute(
        "SELECT id, record, field, ours, theirs, by, at FROM exchange_conflicts WHERE resolved_at IS NULL ORDER BY id"
    )
    return [Conflict(*r) for r in rows]


def our_side(conn: Connection, c: Conflict) -> tuple[str, str]:
    """Who gave the field our value, and when: the newest journalled change that set it, other
    than the incoming change itself. ("", "") when the journal does not say (a value from before)."""
    rows = conn.execute(
        "SELECT origin, at, fields, deleted FROM exchange_journal WHERE record = ? ORDER BY stamp DESC, seq DESC",
        (c.record,),
    )
    for origin, at, fields, deleted in rows:
        if (origin, at) == (c.by, c.at):
            continue
        new = json.loads(fields).get(c.field)
        if (c.ours == GONE and deleted) or (new is not None and new[1] == c.ours):
            return str(origin), str(at)
    return "", ""


def resolve(conn: Connection, conflict_id: int, keep: str) -> None:
    """Keep OURS or THEIRS: written as a new change, so every other vault follows the decision."""
    if keep not in ("ours", "theirs"):
        raise UserError("Keep 'ours' or 'theirs'.", "For example: --keep theirs.")
    row = conn.execute(
        "SELECT record, field, ours, theirs, audience FROM exchange_conflicts c "
        "LEFT JOIN (SELECT record AS r, max(audience) AS audience FROM exchange_journal GROUP BY record) j "
        "ON j.r = c.record WHERE id = ? AND resolved_at IS NULL",
        (conflict_id,),
    ).fetchone()
    if row is None:
        raise UserError(f"There is no open conflict {conflict_id}.", "See dv-forum exchange conflicts.")
    record, field, ours, theirs, audience = row
    value = ours if keep == "ours" else theirs
    if value == GONE:
        journal.record_change(conn, record, {}, audience or "", delete=True)
    else:
        new = {field: value}
        if journal.values(conn, record).get(DELETED) == "1":
            new[DELETED] = None
        journal.record_change(conn, record, new, audience or "")
    from dv_forum.exchange.apply import materialise

    materialise(conn, record)
    conn.execute(
        "UPDATE exchange_conflicts SET resolved_at = ?, kept = ? WHERE id = ?",
        (journal.now(), keep, conflict_id),
    )
