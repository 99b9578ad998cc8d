"""This device's identity and the devices it exchanges with (enrolled in person, revocable)."""

from __future__ import annotations

from dataclasses import dataclass

from dv_forum.errors import UserError
from dv_forum.exchange import crypto
from dv_forum.exchange.journal import now
from dv_forum.vault.db import Connection

KINDS = ("coordinator", "outreach", "chair")


@dataclass(frozen=True)
class Device:
    name: str
    role: str
    sign_pub: bytes
    box_pub: bytes
    revoked: bool
    last_exchange: str | None

    @property
    def words(self) -> str:
        return crypto.fingerprint_words(self.sign_pub, self.box_pub)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role,
            "revoked": self.revoked,
            "last_exchange": self.last_exchange,
            "fingerprint": self.words,
        }


def set_identity(
    conn: Connection, name: str, kind: str, ident: crypto.Identity | None = None
) -> crypto.Identity:
    if kind not in KINDS:
        raise UserError(f"Unknown vault kind {kind!r}.", "Use coordinator, outreach or chair.")
    ident = ident or crypto.Identity.new()
    conn.execute(
        "INSERT INTO exchange_identity (id, device, kind, sign_key, box_key) VALUES (1,?,?,?,?)",
        (name, kind, ident.sign_key, ident.box_key),
    )
    return ident


def identity(conn: Connection) -> crypto.Identity:
    row = conn.execute("SELECT sign_key, box_key FROM exchange_identity").fetchone()
    if row is None:
        raise UserError(
            "This vault has no exchange identity yet.",
            "Run dv-forum devices enrol on the coordinator's vault.",
        )
    return crypto.Identity(bytes(row[0]), bytes(row[1]))


def kind(conn: Connection) -> str:
    row = conn.execute("SELECT kind FROM exchange_identity").fetchone()
    return str(row[0]) if row else "coordinator"


def add(conn: Connection, name: str, role: str, sign_pub: bytes, box_pub: bytes) -> None:
    if role not in KINDS:
        raise UserError(f"Unknown role {role!r}.", "Use coordinator, outreach or chair.")
    if conn.execute("SELECT 1 FROM exchange_devices WHERE name = ?", (name,)).fetchone():
        raise UserError(f"A device called {name!r} is already enrolled.", "Choose another name.")
    conn.execute(
        "INSERT INTO exchange_devices (name, role, sign_pub, box_pub, enrolled_at) VALUES (?,?,?,?,?)",
        (name, role, sign_pub, box_pub, now()),
    )


def revoke(conn: Connection, name: str) -> None:
    cur = conn.execute(
        "UPDATE exchange_devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (now(), name)
    )
    if cur.rowcount != 1:
        raise UserError(f"No enrolled device called {name!r}.", "See dv-forum devices list.")


def get(conn: Connection, name: str) -> Device | None:
    row = conn.execute(
        "SELECT name, role, sign_pub, box_pub, revoked_at, last_exchange FROM exchange_devices WHERE name = ?",
        (name,),
    ).fetchone()
    if row is None:
        return None
    return Device(row[0], row[1], bytes(row[2]), bytes(row[3]), row[4] is not None, row[5])


def all_devices(conn: Connection) -> list[Device]:
    names = [r[0] for r in conn.execute("SELECT name FROM exchange_devices ORDER BY name")]
    return [d for d in (get(conn, n) for n in names) if d is not None]
