"""The chair's side: the meetings received with their agenda, cases and actions, and the one thing
a chair sends back, an acknowledgement that a meeting's papers arrived."""

from __future__ import annotations

from typing import Any

from dv_forum.errors import UserError
from dv_forum.exchange import journal
from dv_forum.exchange.journal import DELETED
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection


def _records(conn: Connection, kind: str) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    rows = conn.execute(
        "SELECT record, field, value FROM exchange_fields WHERE record LIKE ? ORDER BY record", (kind + ":%",)
    )
    for record, field, value in rows:
        out.setdefault(str(record).partition(":")[2], {})[field] = value
    return {k: v for k, v in out.items() if v.get(DELETED) != "1"}


def meeting_packs(conn: Connection) -> list[dict[str, Any]]:
    """Every meeting received, oldest first, with its agenda (cases and summaries) and actions."""
    cases = _records(conn, "case")
    agenda = _records(conn, "agenda")
    actions = _records(conn, "action")
    packs = []
    for key, meeting in _records(conn, "meeting").items():
        items = sorted(
            (a for a in agenda.values() if a.get("meeting") == key), key=lambda a: int(a.get("position") or 0)
        )
        packs.append(
            {
                "meeting": key,
                **{f: meeting.get(f) for f in ("date", "venue", "chair", "status")},
                "agenda": [{**a, "case": cases.get(a.get("case_ref") or "", {})} for a in items],
                "actions": [a for a in actions.values() if a.get("meeting") == key],
            }
        )
    return sorted(packs, key=lambda p: p["date"] or "")


def acknowledge(vault: Vault, meeting_date: str) -> None:
    """The chair has the papers for the meeting on MEETING_DATE (sent at the next exchange)."""
    vault.require(Perm.VIEW_MEETINGS)
    with vault.transaction() as conn:
        found = [p["meeting"] for p in meeting_packs(conn) if p["date"] == meeting_date]
        if not found:
            raise UserError(
                f"No meeting on {meeting_date[:10]} has arrived.", "Receive the latest bundle first."
            )
        journal.record_change(conn, f"ack:{found[0]}", {"at": journal.now(), "by": vault.user.name})
        vault.audit("exchange.ack", ref=meeting_date[:10])


def acknowledgements(conn: Connection) -> dict[str, str | None]:
    """On the coordinator's vault: meeting date -> when the chair acknowledged it."""
    out: dict[str, str | None] = {}
    for key, ack in _records(conn, "ack").items():
        row = conn.execute("SELECT date FROM meetings WHERE id = ?", (key,)).fetchone()
        if row:
            out[str(row[0])] = ack.get("at")
    return out


def acknowledged(conn: Connection) -> set[str]:
    """On the chair's vault: the meetings (by key) she has acknowledged."""
    return set(_records(conn, "ack"))
