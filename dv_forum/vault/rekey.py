"""Re-keying the database: the swap every key change shares (rotate-key, users remove, passwd),
its crash recovery at unlock, and a passphrase change that cuts the old passphrase off (S20)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dv_forum.errors import WrongPassphrase
from dv_forum.fsio import atomic_write
from dv_forum.vault import anchors, crypto, db
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header, is_tag
from dv_forum.vault.roles import Role
from dv_forum.vault.sealed import Opened, resealed_copy
from dv_forum.vault.slots import (
    check_passphrase,
    now,
    open_passphrase,
    passphrase_slot,
    recovery_slot,
)
from dv_forum.vault.throttle import Throttle

if TYPE_CHECKING:
    from dv_forum.vault.vault import Vault

PENDING_NAME = HEADER_NAME + ".pending"


@dataclass(frozen=True)
class Rekeyed:
    """What a re-key could not carry over and the user must be shown once: a new recovery key
    (when the old recovery slot predates sealed slots) and one-time passphrases for users whose
    slots did."""

    recovery: str | None = None
    temporary: dict[str, str] = field(default_factory=dict)

    def notice(self) -> str:
        """What to show once ("" when every other slot was carried over)."""
        lines = [f"New recovery key (the old one no longer works): {self.recovery}"] if self.recovery else []
        lines += [
            f"One-time passphrase for {name}: {temp} (their key slot was from an older version; "
            "give it to them in person, they must change it)"
            for name, temp in self.temporary.items()
        ]
        return "\n".join(lines)


def one_time_passphrase() -> str:
    return "-".join(secrets.token_hex(3) for _ in range(4))


def swap_key(vault: Vault, header: Header, new_key: bytes) -> None:
    """Re-encrypt the database under ``new_key`` and put ``header`` (whose slots hold it) in place.

    The new header is written beside the old first, so a crash between the re-key and the header
    swap is recovered at the next unlock (see open_pending): exactly one of old and new opens.
    """
    pending = vault.folder / PENDING_NAME
    atomic_write(pending, header.to_bytes())
    db.rekey(vault.conn, new_key)
    # Every page into the database file under the new key now: a page left in the WAL would be
    # read under the old key by a connection opened before (and checked against it at unlock).
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    header.save(vault.folder)
    pending.unlink(missing_ok=True)
    vault.header = header
    with vault.transaction():
        anchors.bump(vault)
    anchors.record(vault)


def open_pending(folder: Path, header: Header, user: str, passphrase: str) -> tuple[Header, Opened] | None:
    """After a re-key a crash interrupted: whichever of the header and the pending header the
    passphrase opens *and* whose key opens the database, settled as the header (None: neither)."""
    pending = Header.from_bytes((folder / PENDING_NAME).read_bytes())
    for candidate in (header, pending):
        try:
            opened = open_passphrase(candidate, user, passphrase)
            db.open_db(folder / DB_NAME, opened.data_key).close()
        except (crypto.UnwrapFailed, db.DatabaseError):
            continue
        if candidate is pending:
            pending.save(folder)
        (folder / PENDING_NAME).unlink()
        return candidate, opened
    return None


def settle_pending(
    folder: Path, header: Header, user: str, passphrase: str, throttle: Throttle
) -> tuple[Header, Opened] | None:
    """At unlock, when a re-key was interrupted: ``open_pending``, and the passphrase the re-key
    replaced refused as changed (counted by the throttle), not reported as damage."""
    if not (folder / PENDING_NAME).exists():
        return None
    settled = open_pending(folder, header, user, passphrase)
    if settled is None and replaced(folder, header, user, passphrase):
        throttle.record_failure()
        raise WrongPassphrase(
            "The passphrase was changed (the change finished after an interruption): use the new one."
        )
    return settled


def replaced(folder: Path, header: Header, user: str, passphrase: str) -> bool:
    """The passphrase opens the header's slot but its key no longer opens the database: a re-key
    that a crash interrupted went through, and this is the passphrase it replaced."""
    try:
        opened = open_passphrase(header, user, passphrase)
    except crypto.UnwrapFailed:
        return False
    try:
        db.open_db(folder / DB_NAME, opened.data_key).close()
    except db.DatabaseError:
        return True
    return False


def change_passphrase(vault: Vault, old: str, new: str) -> Rekeyed:
    """A new passphrase and a new data key: the database is re-keyed, this user's slot gets a new
    key pair and the new key is sealed to every other slot, so the old passphrase with an old
    header (or a copy of the folder) opens nothing written from now on. Slots from before sealed
    slots cannot be resealed: their users get one-time passphrases (a new recovery key for the
    recovery slot), returned to be shown once."""
    me = vault.user.name
    check_passphrase(new, me)
    try:
        opened = open_passphrase(vault.header, me, old)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    new_key = crypto.random_key()
    # The same name salt: the other users' slots are carried over with their tags as they are.
    header = Header(vault_id=vault.header.vault_id, name_salt=vault.header.name_salt)
    sign_key = vault.sign_key if vault.user.role is Role.COORDINATOR else None
    header.slots.append(passphrase_slot(header, me, new, new_key, vault._kdf, sign_key))
    recovery, temporary = None, {}
    for slot in vault.header.slots:
        if slot.kind == "passphrase" and vault.header.holds(slot, me):
            continue
        if slot.is_sealed:
            header.slots.append(resealed_copy(vault.header, header, slot, new_key))
        elif slot.kind == "passphrase" and slot.user:
            temporary[slot.user] = one_time_passphrase()
            header.slots.append(passphrase_slot(header, slot.user, temporary[slot.user], new_key, vault._kdf))
        elif slot.kind == "recovery":
            rslot, recovery = recovery_slot(header, new_key, vault.sign_key)
            header.slots.append(rslot)
        # An old keyring slot cannot be carried over: "remember on this device" is switched off.
    assert opened.data_key  # the old passphrase was checked above
    swap_key(vault, header, new_key)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0 WHERE id = ?", (vault.user.id,))
        for name in temporary:
            vault.conn.execute(
                "UPDATE users SET must_change = 1, one_time_at = ? WHERE name = ?", (now(), name)
            )
        vault.audit("user.passphrase_change", detail=me)
    return Rekeyed(recovery, temporary)


def upgrade_own_slot(vault: Vault, passphrase: str, data_key: bytes) -> None:
    """Replace the unlocking user's slot from before sealed slots, or one that still shows her
    name in plain, with a sealed slot under her name's tag."""
    slot = vault.header.passphrase_slot(vault.user.name)
    if slot is None or (slot.is_sealed and is_tag(slot.user)):
        return
    sign_key = vault.sign_key if vault.user.role is Role.COORDINATOR else None
    header = Header.from_bytes(vault.header.to_bytes())
    header.remove_slots("passphrase", vault.user.name)
    header.slots.append(passphrase_slot(header, vault.user.name, passphrase, data_key, vault._kdf, sign_key))
    header.save(vault.folder)
    vault.header = header
