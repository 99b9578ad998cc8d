"""Journalling real records: called by the service functions, inside their transaction.

``touch(conn, kind, key)`` compares the record's fields now with what the journal last knew and
journals the difference (or a tombstone when the row is gone). In a vault that does not exchange,
and for kinds this vault does not send, it does nothing. A device that should hold a record it has
never been sent (newly enrolled, or a client reassigned to her) gets every field.
"""

from __future__ import annotations

from collections.abc import Iterable

from dv_forum.exchange import journal
from dv_forum.exchange.journal import DELETED
from dv_forum.exchange.kinds import SENDS, Kind, Values, registry
from dv_forum.vault.db import Connection


def _vault_kind(conn: Connection) -> tuple[str, str] | None:
    row = conn.execute("SELECT device, kind FROM exchange_identity").fetchone()
    return (str(row[0]), str(row[1])) if row else None


def _last_audience(conn: Connection, me: str, record: str) -> set[str]:
    row = conn.execute(
        "SELECT audience FROM exchange_journal WHERE record = ? AND origin = ? ORDER BY stamp DESC LIMIT 1",
        (record, me),
    ).fetchone()
    return {a for a in (row[0] if row else "").split(",") if a}


def _change(conn: Connection, record: str, new: Values, have: Values, full: bool, audience: str) -> None:
    fields = dict(new) if full else {f: v for f, v in new.items() if have.get(f) != v}
    if fields:
        journal.record_change(conn, record, fields, audience)


def _touch(conn: Connection, me: str, vault_kind: str, kind: Kind, key: str) -> None:
    record = f"{kind.name}:{key}"
    new = kind.snapshot(conn, key)
    have = journal.values(conn, record)
    was_deleted = have.get(DELETED) == "1"
    prev = {f: v for f, v in have.items() if f != DELETED}
    if vault_kind == "coordinator":
        now = kind.targets(conn, new) if new is not None else set()
        before = kind.targets(conn, prev) if prev else set()
        last = _last_audience(conn, me, record)
        audience = ",".join(sorted(now | before | (last if new is None else set())))
        if not audience:
            return
        newcomers = bool(now - last)
    else:
        audience, newcomers = "", False
    if new is None:
        if prev and not was_deleted:
            journal.record_change(conn, record, {}, audience, delete=True)
        return
    _change(conn, record, new, have, newcomers or was_deleted, audience)


def touch(conn: Connection, kind: str, key: str | None) -> None:
    """Journal what changed in record KIND:KEY (in the caller's transaction)."""
    found = _vault_kind(conn)
    if found is None or key is None or kind not in SENDS[found[1]]:
        return
    _touch(conn, found[0], found[1], registry()[kind], key)


def touch_all(conn: Connection, kind: str, keys: Iterable[str]) -> None:
    for key in dict.fromkeys(keys):
        touch(conn, kind, key)


def known_keys(conn: Connection, kind: str) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT record FROM exchange_fields WHERE record LIKE ? ESCAPE '\\'",
        (kind.replace("_", "\\_") + ":%",),
    )
    return [str(r[0]).partition(":")[2] for r in rows]


def sync_all(conn: Connection) -> None:
    """Journal every record this vault sends (a device just enrolled gets everything it should hold)."""
    found = _vault_kind(conn)
    if found is None:
        return
    kinds = registry()
    for name in sorted(SENDS[found[1]]):
        kind = kinds[name]
        for key in dict.fromkeys([*kind.keys(conn), *known_keys(conn, name)]):
            _touch(conn, found[0], found[1], kind, key)


def meeting(conn: Connection, meeting_id: int) -> None:
    """Journal a meeting with its agenda, the cases on it and its actions."""
    if _vault_kind(conn) is None:
        return
    from dv_forum.exchange import marac_kinds

    for kind, keys in marac_kinds.meeting_scope(conn, meeting_id):
        touch_all(conn, kind, keys)
