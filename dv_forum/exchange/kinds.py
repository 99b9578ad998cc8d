"""What travels between vaults: each kind of record, the fields it carries, and who may hold it.

A record is named ``KIND:KEY``. Each kind knows how to read its fields from the local tables
(``snapshot``), which devices a coordinator sends it to (``targets``), and how to write a received
record into the local tables (``materialise``). Values travel as text (JSON for lists).

The rules (issue 14): the coordinator sends an outreach worker the clients assigned to her and the
Freedom Programme cohort lists; she sends back her clients, contacts, attendance and follow-up calls.
The coordinator sends the chair the meetings, their agendas, the cases heard and the actions; the
chair sends back acknowledgements only. A vault refuses any other kind from any other role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dv_forum.vault.db import Connection

Values = dict[str, str | None]


@dataclass(frozen=True)
class Kind:
    name: str
    fields: tuple[str, ...]
    snapshot: Callable[[Connection, str], Values | None]
    targets: Callable[[Connection, Values], set[str]]
    materialise: Callable[[Connection, str, Values | None], None]
    keys: Callable[[Connection], list[str]]


# What a vault of each kind writes to its journal (and so sends).
SENDS: dict[str, frozenset[str]] = {
    "coordinator": frozenset({"client", "cohort", "meeting", "agenda", "case", "action"}),
    "outreach": frozenset({"client", "contact", "attendance", "followup"}),
    "chair": frozenset({"ack"}),
}

# (receiving vault, sending device's role) -> the kinds it accepts.
ACCEPTS: dict[tuple[str, str], frozenset[str]] = {
    ("outreach", "coordinator"): frozenset({"client", "cohort"}),
    ("coordinator", "outreach"): frozenset({"client", "contact", "attendance", "followup"}),
    ("chair", "coordinator"): frozenset({"meeting", "agenda", "case", "action"}),
    ("coordinator", "chair"): frozenset({"ack"}),
}

_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _REGISTRY[kind.name] = kind


def registry() -> dict[str, Kind]:
    if not _REGISTRY:
        # The kinds live beside the areas they read; imported late to keep imports one-way.
        from dv_forum.exchange import freedom_kinds, marac_kinds, outreach_kinds

        for module in (outreach_kinds, freedom_kinds, marac_kinds):
            for kind in module.KINDS:
                register(kind)
    return _REGISTRY


def split(record: str) -> tuple[str, str]:
    kind, _, key = record.partition(":")
    return kind, key


def accepts(receiver: str, sender_role: str, record: str) -> bool:
    return split(record)[0] in ACCEPTS.get((receiver, sender_role), frozenset())


def text(value: object) -> str | None:
    """A column value as it travels: text, or None."""
    return None if value is None else str(value)


def my_device(conn: Connection) -> str | None:
    row = conn.execute("SELECT device FROM exchange_identity").fetchone()
    return str(row[0]) if row else None


def peers(conn: Connection, role: str) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM exchange_devices WHERE role = ? AND revoked_at IS NULL", (role,)
    ).fetchall()
    return {str(r[0]) for r in rows}


def local_row(conn: Connection, record: str, tbl: str) -> int | None:
    row = conn.execute(
        "SELECT row_id FROM exchange_rows WHERE record = ? AND tbl = ?", (record, tbl)
    ).fetchone()
    return int(row[0]) if row else None


def map_row(conn: Connection, record: str, tbl: str, row_id: int) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO exchange_rows (record, tbl, row_id) VALUES (?,?,?)", (record, tbl, row_id)
    )


def row_key(conn: Connection, kind: str, tbl: str, row_id: int) -> str | None:
    """The key of a local row whose natural key is not shared between vaults (made on first use);
    None in a vault that does not exchange."""
    me = my_device(conn)
    if me is None:
        return None
    row = conn.execute(
        "SELECT record FROM exchange_rows WHERE tbl = ? AND row_id = ?", (tbl, row_id)
    ).fetchone()
    if row:
        return split(str(row[0]))[1]
    key = f"{me}.{row_id}"
    map_row(conn, f"{kind}:{key}", tbl, row_id)
    return key


def code_tag(conn: Connection) -> str:
    """A worker's own vault numbers the clients she opens apart from everyone else's
    (OR-2026-ANN-0001), so two vaults never make the same code; empty in the coordinator's."""
    row = conn.execute("SELECT device, kind FROM exchange_identity").fetchone()
    if row is None or row[1] == "coordinator":
        return ""
    tag = "".join(ch for ch in str(row[0]).upper() if ch.isascii() and ch.isalnum())[:4]
    return f"{tag or 'W'}-"
