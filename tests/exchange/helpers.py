"""Small in-memory vault databases for exchange tests (the schema without the passphrase slots)."""

from __future__ import annotations

import sqlite3

from dv_forum.exchange import devices
from dv_forum.exchange.apply import Counts
from dv_forum.exchange.bundle import make, receive
from dv_forum.vault.migrations import migrate


def new_db(name: str, kind: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)  # type: ignore[arg-type]
    devices.set_identity(conn, name, kind)  # type: ignore[arg-type]
    return conn


def pair(
    a: sqlite3.Connection, a_name: str, a_role: str, b: sqlite3.Connection, b_name: str, b_role: str
) -> None:
    ia, ib = devices.identity(a), devices.identity(b)  # type: ignore[arg-type]
    devices.add(a, b_name, b_role, ib.sign_pub, ib.box_pub)  # type: ignore[arg-type]
    devices.add(b, a_name, a_role, ia.sign_pub, ia.box_pub)  # type: ignore[arg-type]


def deliver(blob: bytes, to: sqlite3.Connection) -> Counts:
    to.execute("BEGIN IMMEDIATE")
    try:
        counts, _ = receive(to, blob)  # type: ignore[arg-type]
        to.execute("COMMIT")
    except BaseException:
        to.execute("ROLLBACK")
        raise
    return counts


def send(frm: sqlite3.Connection, to_name: str) -> bytes:
    return make(frm, to_name)  # type: ignore[arg-type]
