"""How transfers show on a case: "transferred in from ..." / "transferred out to ..." for the case
list, `cases show`, the agenda and the pack."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dv_forum.vault.db import Connection


def _words(direction: str, marac: str, when: str) -> str:
    return (
        f"transferred in from {marac} on {when}"
        if direction == "in"
        else f"transferred out to {marac} on {when}"
    )


def by_referral(conn: Connection, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """referral id -> its transfer (the latest, when a case came in and went out again)."""
    sql = (
        "SELECT referral_id, direction, marac, transfer_date, their_ref, previous_marac_date,"
        " same_perpetrator, reason FROM case_transfers"
    )
    params: list[Any] = []
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return {}
        sql += f" WHERE referral_id IN ({', '.join('?' for _ in wanted)})"
        params = wanted
    out: dict[int, dict[str, Any]] = {}
    for r in conn.execute(sql + " ORDER BY id", params):
        out[int(r[0])] = {
            "direction": r[1],
            "marac": r[2],
            "date": r[3],
            "their_ref": r[4],
            "previous_marac_date": r[5],
            "same_perpetrator": r[6],
            "reason": r[7],
            "text": _words(r[1], r[2], r[3]),
        }
    return out


def by_case_ref(conn: Connection) -> dict[str, dict[str, Any]]:
    refs = dict(
        conn.execute("SELECT r.id, r.case_ref FROM referrals r JOIN case_transfers t ON t.referral_id = r.id")
    )
    return {refs[rid]: info for rid, info in by_referral(conn).items()}


def transferred_from(conn: Connection, referral_id: int) -> str | None:
    """The agenda's note: the sending MARAC for a case transferred in, else None."""
    row = conn.execute(
        "SELECT marac FROM case_transfers WHERE referral_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 1",
        (referral_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def received_history(conn: Connection, referral_id: int) -> dict[str, Any] | None:
    """What came with a case transferred in: the sender's referrals, minutes and actions."""
    row = conn.execute(
        "SELECT history FROM case_transfers WHERE referral_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 1",
        (referral_id,),
    ).fetchone()
    if row is None or not row[0]:
        return None
    data: dict[str, Any] = json.loads(row[0])
    return data
