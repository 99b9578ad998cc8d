"""Signed audit checkpoints: the log's length and newest hash, kept outside the database.

A checkpoint stored elsewhere (the config folder, a backup, another device's bundle) lets a later
check tell whether the log has since shrunk (rows deleted from the end), forked (rows re-chained
after an edit) or gone back (an older copy of the whole vault put in place). The signature means a
checkpoint cannot be edited to match a cut log by someone without the signing key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dv_forum.vault import crypto
from dv_forum.vault.audit import GENESIS
from dv_forum.vault.db import Connection


class Finding(StrEnum):
    INTACT = "intact"
    # Fewer rows than the checkpoint saw: rows deleted from the end, or an older copy of the vault
    # put back (from the log alone the two look the same).
    SHRANK = "shrank or went back"
    FORKED = "forked"  # the row the checkpoint saw last is no longer the same


@dataclass(frozen=True)
class Checkpoint:
    vault_id: str
    count: int
    head_hash: str
    signature: bytes = b""

    def body(self) -> bytes:
        fields = {"vault_id": self.vault_id, "count": self.count, "head_hash": self.head_hash}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_bytes(self) -> bytes:
        fields = json.loads(self.body())
        fields["signature"] = crypto.b64(self.signature)
        return json.dumps(fields, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Checkpoint:
        d = json.loads(data)
        return cls(str(d["vault_id"]), int(d["count"]), str(d["head_hash"]), crypto.unb64(d["signature"]))


def current(conn: Connection, vault_id: str) -> Checkpoint:
    """The log's head now (unsigned)."""
    count, head = conn.execute(
        "SELECT count(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) FROM audit"
    ).fetchone()
    return Checkpoint(vault_id, int(count), str(head or GENESIS))


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> Checkpoint:
    return replace(checkpoint, signature=key.sign(checkpoint.body()))


def is_authentic(checkpoint: Checkpoint, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(checkpoint.signature, checkpoint.body())
    except InvalidSignature:
        return False
    return True


def compare(stored: Checkpoint, conn: Connection) -> Finding:
    """What happened to the log since ``stored`` was taken (the caller checks its signature)."""
    now = current(conn, stored.vault_id)
    if now.count < stored.count:
        return Finding.SHRANK
    if stored.count == 0:
        return Finding.INTACT
    row = conn.execute("SELECT hash FROM audit ORDER BY id LIMIT 1 OFFSET ?", (stored.count - 1,)).fetchone()
    if row is None or row[0] != stored.head_hash:
        return Finding.FORKED
    return Finding.INTACT
