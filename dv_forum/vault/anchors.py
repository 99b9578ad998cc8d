"""Anchors outside the vault folder: what this computer last saw of a vault's audit log (S21).

Each unlock, lock and backup records the log's length and newest hash in the config folder, one
file per vault folder, signed with the audit signing key when a coordinator has the vault open
(the key is sealed to coordinators' slots and the recovery slot only, see dv_forum.vault.sealed).
Backups carry a signed checkpoint too. The next unlock, and `dv-forum audit verify`, compare the
log with the anchor: rows deleted from the end, rows re-chained after an edit, or an older copy
of the folder put back are reported instead of passing unnoticed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dv_forum import paths
from dv_forum.errors import UserError
from dv_forum.fsio import atomic_write, secure_mkdir
from dv_forum.vault import crypto
from dv_forum.vault.checkpoint import Checkpoint, Finding, compare, current, is_authentic, sign
from dv_forum.vault.db import Connection, DatabaseError
from dv_forum.vault.roles import Role

if TYPE_CHECKING:
    from dv_forum.vault.vault import Vault

ANCHOR_DIR = "anchors"
VERIFY_KEY = "audit_verify_key"
GENERATION = "generation"


class VaultWentBack(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "This vault is not as this computer last saw it: " + "; ".join(problems) + ". An older copy "
            "may have been put in its place, or its audit log cut short.",
            "Keep this folder as evidence and restore your latest backup into a new folder; if you put "
            "the older copy back yourself, run `dv-forum audit accept` (it is recorded in the audit).",
        )


@dataclass(frozen=True)
class Anchor:
    seen: Checkpoint  # the log as last seen here (any session)
    signed: Checkpoint | None  # the newest checkpoint a coordinator signed here
    verify_key: bytes | None
    generation: int = 0  # the vault's change counter as last seen here (see bump)

    def to_bytes(self) -> bytes:
        body = {
            "seen": json.loads(self.seen.to_bytes()),
            "signed": json.loads(self.signed.to_bytes()) if self.signed else None,
            "verify_key": crypto.b64(self.verify_key) if self.verify_key else None,
            "generation": self.generation,
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Anchor:
        body = json.loads(data)
        signed = body.get("signed")
        return cls(
            Checkpoint.from_bytes(json.dumps(body["seen"]).encode()),
            Checkpoint.from_bytes(json.dumps(signed).encode()) if signed else None,
            crypto.unb64(body["verify_key"]) if body.get("verify_key") else None,
            int(body.get("generation", 0)),
        )


def anchor_path(vault_id: str, folder: Path) -> Path:
    """One anchor per vault and folder: a copy restored elsewhere is a vault of its own."""
    where = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:16]
    return paths.config_dir() / ANCHOR_DIR / f"{vault_id}-{where}.json"


def load(vault: Vault) -> Anchor | None:
    path = anchor_path(vault.header.vault_id, vault.folder)
    if not path.exists():
        return None
    try:
        return Anchor.from_bytes(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        # Unreadable is not "nothing seen": report it rather than start afresh.
        return Anchor(Checkpoint(vault.header.vault_id, 1 << 62, "unreadable"), None, None)


def verify_key(conn: Connection) -> bytes | None:
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (VERIFY_KEY,)).fetchone()
    return bytes(row[0]) if row else None


def generation(conn: Connection) -> int:
    """The vault's change counter: raised by every re-key, passphrase or user change and backup."""
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (GENERATION,)).fetchone()
    return int(bytes(row[0]).decode("ascii")) if row else 0


def bump(vault: Vault) -> None:
    """Raise the change counter (in the caller's transaction, if any), so a copy of the folder
    made before this change is told apart from the vault after it (S21)."""
    value = str(generation(vault.conn) + 1).encode("ascii")
    vault.conn.execute("INSERT OR REPLACE INTO secrets (name, value) VALUES (?, ?)", (GENERATION, value))


def ensure_signing_key(vault: Vault) -> None:
    """A coordinator's unlock: make the vault's signing key if it has none, and seal it to every
    coordinator slot and the recovery slot that lack it (slots made before it existed)."""
    if vault.user.role is not Role.COORDINATOR:
        return
    if vault.sign_key is None:
        if verify_key(vault.conn) is not None:
            return  # made by another coordinator; her next unlock shares it with this slot
        key = Ed25519PrivateKey.generate()
        with vault.transaction():
            vault.conn.execute(
                "INSERT INTO secrets (name, value) VALUES (?, ?)",
                (VERIFY_KEY, key.public_key().public_bytes_raw()),
            )
            vault.audit("audit.signing_key")
        vault.sign_key = key.private_bytes_raw()
    from dv_forum.vault.sealed import seal_sign

    coordinators = {
        str(r[0]).casefold()
        for r in vault.conn.execute("SELECT name FROM users WHERE active = 1 AND role = 'coordinator'")
    }
    lacking = [
        s
        for s in vault.header.slots
        if s.is_sealed
        and not s.sealed_sign
        and (
            s.kind == "recovery"
            or (s.kind == "passphrase" and any(vault.header.holds(s, name) for name in coordinators))
        )
    ]
    for slot in lacking:
        seal_sign(vault.header, slot, vault.sign_key)
    if lacking:
        vault.header.save(vault.folder)


def signed_now(vault: Vault) -> Checkpoint | None:
    """The log's head now, signed, when this session holds the signing key."""
    if vault.sign_key is None:
        return None
    return sign(
        current(vault.conn, vault.header.vault_id), Ed25519PrivateKey.from_private_bytes(vault.sign_key)
    )


def record(vault: Vault) -> None:
    """Remember the log's head now (call after the rows are committed)."""
    before = load(vault)
    signed = signed_now(vault) or (before.signed if before else None)
    anchor = Anchor(
        current(vault.conn, vault.header.vault_id), signed, verify_key(vault.conn), generation(vault.conn)
    )
    path = anchor_path(vault.header.vault_id, vault.folder)
    secure_mkdir(path.parent)
    atomic_write(path, anchor.to_bytes())


def record_quietly(vault: Vault) -> None:
    """record, at a lock: an anchor that lags behind is harmless, a lock that fails is not."""
    with contextlib.suppress(OSError, UserError, DatabaseError):
        record(vault)


def authentic(checkpoint: Checkpoint, key: bytes | None) -> bool:
    return key is not None and is_authentic(checkpoint, Ed25519PublicKey.from_public_bytes(key))


def problems_against(checkpoint: Checkpoint, conn: Connection, what: str) -> list[str]:
    finding = compare(checkpoint, conn)
    if finding is Finding.INTACT:
        return []
    return [f"the audit log {finding.value} since {what} ({checkpoint.count} rows then)"]


def check(vault: Vault) -> list[str]:
    """What differs from this computer's anchor (empty: nothing, or no anchor yet)."""
    anchor = load(vault)
    if anchor is None:
        return []
    if anchor.seen.head_hash == "unreadable":
        return ["the record this computer keeps of it is unreadable"]
    found = []
    if generation(vault.conn) < anchor.generation:
        found.append(
            f"it is an older copy (change {generation(vault.conn)}; this computer has seen change "
            f"{anchor.generation}: passphrase, user or key changes and backups made since are missing)"
        )
    found += problems_against(anchor.seen, vault.conn, "it was last opened here")
    key = verify_key(vault.conn)
    if anchor.verify_key is not None and key != anchor.verify_key:
        found.append("its audit signing key was replaced")
    if anchor.signed is not None and not found:
        if not authentic(anchor.signed, anchor.verify_key):
            found.append("the signed checkpoint kept here does not verify")
        else:
            found += problems_against(anchor.signed, vault.conn, "a coordinator's last signed checkpoint")
    return found


def check_at_unlock(vault: Vault, accept: bool = False) -> list[str]:
    """Compare with this computer's anchor before anything is written: a vault that differs is
    refused (and released) unless a coordinator ``accept``s it; returns what was accepted."""
    found = check(vault)
    if found and not (accept and vault.user.role is Role.COORDINATOR):
        vault.release()
        raise VaultWentBack(found)
    return found
