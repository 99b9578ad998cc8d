"""Writing and receiving bundles: this device's unacknowledged changes, sealed for one device."""

from __future__ import annotations

import json
from typing import Any

from dv_forum.errors import UserError
from dv_forum.exchange import crypto, devices, journal
from dv_forum.exchange.apply import Counts, apply_changes
from dv_forum.vault.db import Connection


def audit_head(conn: Connection) -> dict[str, object]:
    """The sender's audit log as a row count and its newest hash (lets the receiver notice a cut)."""
    count, head = conn.execute(
        "SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) FROM audit"
    ).fetchone()
    return {"rows": int(count), "head": head or ""}


def make(conn: Connection, to: str) -> bytes:
    """A sealed bundle for device TO: every change of ours it has not acknowledged and may hold."""
    peer = devices.get(conn, to)
    if peer is None or peer.revoked:
        raise UserError(f"No enrolled device called {to!r}.", "See dv-forum devices list.")
    acked, applied = conn.execute(
        "SELECT acked_seq, applied_seq FROM exchange_devices WHERE name = ?", (to,)
    ).fetchone()
    audience = None if peer.role == "coordinator" else to
    body = {
        "from": journal.device(conn),
        "to": to,
        "ack": int(applied),
        "audit": audit_head(conn),
        "changes": journal.own_changes_after(conn, int(acked), audience),
    }
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return crypto.seal(raw, devices.identity(conn), peer.sign_pub, peer.box_pub)


def open_bundle(conn: Connection, blob: bytes) -> dict[str, Any]:
    """Decrypt and authenticate BLOB; raise a one-line UserError for anything that is not right."""
    sig, raw = crypto.unseal(blob, devices.identity(conn))
    try:
        body: dict[str, Any] = json.loads(raw)
        sender = str(body["from"])
    except (ValueError, KeyError, TypeError):
        raise UserError(
            "This bundle cannot be read: nothing was applied.", "Ask the sender to send it again."
        ) from None
    peer = devices.get(conn, sender)
    if peer is None:
        raise UserError(
            "This bundle comes from a device that is not enrolled: nothing was applied.",
            "Enrol the device first (dv-forum devices enrol).",
        )
    if not crypto.verify(peer.sign_pub, sig, raw):
        raise UserError(
            "This bundle's signature does not match its sender: nothing was applied.",
            "Ask the sender to send it again.",
        )
    if peer.revoked:
        raise UserError(
            "This bundle comes from a revoked device: nothing was applied.",
            "Enrol the device again if it should exchange.",
        )
    if body.get("to") != journal.device(conn):
        raise UserError("This bundle is for another device.", "Give it to the device it was made for.")
    return body


def _audit_check(conn: Connection, sender: str, head: dict[str, Any]) -> str | None:
    row = conn.execute(
        "SELECT audit_rows, audit_head FROM exchange_devices WHERE name = ?", (sender,)
    ).fetchone()
    rows, new_head = int(head.get("rows", 0)), str(head.get("head", ""))
    problem = None
    if row[0] is not None and (rows < int(row[0]) or (rows == int(row[0]) and new_head != row[1])):
        problem = f"{sender}'s audit log is shorter than, or differs from, what it sent before"
    conn.execute(
        "UPDATE exchange_devices SET audit_rows = ?, audit_head = ?, last_exchange = ? WHERE name = ?",
        (rows, new_head, journal.now(), sender),
    )
    return problem


def receive(conn: Connection, blob: bytes) -> tuple[Counts, str | None]:
    """Apply one bundle inside the caller's transaction: all of it or (on any error) none of it."""
    body = open_bundle(conn, blob)
    sender = body["from"]
    counts = apply_changes(conn, sender, list(body.get("changes", [])))
    conn.execute(
        "UPDATE exchange_devices SET acked_seq = max(acked_seq, ?) WHERE name = ?",
        (int(body.get("ack", 0)), sender),
    )
    return counts, _audit_check(conn, sender, body.get("audit", {}))
