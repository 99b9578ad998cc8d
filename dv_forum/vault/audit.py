"""Append-only, hash-chained audit log. Rows hold actions and references, never names or content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from dv_forum.vault.db import Connection

GENESIS = "0" * 64


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def row_hash(
    prev_hash: str, ts: str, user: str | None, action: str, ref: str | None, detail: str | None
) -> str:
    body = json.dumps([prev_hash, ts, user, action, ref, detail], separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    conn: Connection, user: str | None, action: str, ref: str | None = None, detail: str | None = None
) -> None:
    """Append one row. Runs inside the caller's transaction if there is one."""
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS
    ts = _now()
    h = row_hash(prev, ts, user, action, ref, detail)
    conn.execute(
        "INSERT INTO audit (ts, user, action, ref, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
        (ts, user, action, ref, detail, prev, h),
    )


@dataclass(frozen=True)
class AuditRow:
    id: int
    ts: str
    user: str | None
    action: str
    ref: str | None
    detail: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ts": self.ts,
            "user": self.user,
            "action": self.action,
            "ref": self.ref,
            "detail": self.detail,
        }


def rows(conn: Connection, limit: int | None = None, action: str | None = None) -> list[AuditRow]:
    sql = "SELECT id, ts, user, action, ref, detail FROM audit"
    params: list[object] = []
    if action:
        sql += " WHERE action = ?"
        params.append(action)
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [AuditRow(*r) for r in conn.execute(sql, params).fetchall()]


def verify(conn: Connection) -> list[str]:
    """Return a problem per broken link (empty list = the chain is intact)."""
    problems: list[str] = []
    prev = GENESIS
    expected_id = None
    for r in conn.execute("SELECT id, ts, user, action, ref, detail, prev_hash, hash FROM audit ORDER BY id"):
        rid, ts, user, action, ref, detail, prev_hash, h = r
        if expected_id is not None and rid != expected_id:
            problems.append(f"audit rows {expected_id}..{rid - 1} are missing")
        expected_id = rid + 1
        if prev_hash != prev:
            problems.append(f"audit row {rid} does not follow the row before it")
        if row_hash(prev_hash, ts, user, action, ref, detail) != h:
            problems.append(f"audit row {rid} was altered")
        prev = h
    return problems
