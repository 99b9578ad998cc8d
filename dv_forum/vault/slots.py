"""Key slots: a user's passphrase, or the recovery key, wrapping the vault's data key. A slot
is unwrapped only with the right secret; a failed attempt costs the same time whether or not the
user exists, so user names cannot be probed by timing."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dv_forum.errors import LockedOut, UserError, WrongPassphrase
from dv_forum.vault import crypto, policy
from dv_forum.vault.header import Header, Slot
from dv_forum.vault.roles import Role
from dv_forum.vault.throttle import Throttle


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    must_change: bool = False


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_user_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 40 or not all(ch.isalnum() or ch in " .-_'" for ch in cleaned):
        raise UserError(
            "A user name must be 1-40 letters, digits, spaces or . - _ '.", "Choose another name."
        )
    return cleaned


def check_passphrase(passphrase: str, user: str | None = None) -> None:
    found = policy.problems(passphrase, user)
    if found:
        raise UserError("That passphrase is too weak: " + "; ".join(found) + ".", "Choose a longer one.")


def passphrase_slot(
    header: Header, user: str, passphrase: str, data_key: bytes, kdf: crypto.KdfParams
) -> Slot:
    slot = Slot(
        slot_id=uuid.uuid4().hex,
        kind="passphrase",
        user=user,
        kdf=kdf,
        salt=secrets.token_bytes(crypto.SALT_BYTES),
        nonce=b"",
        wrapped=b"",
    )
    wrapping = crypto.derive_passphrase_key(passphrase, slot.salt, kdf)
    slot.nonce, slot.wrapped = crypto.wrap(wrapping, data_key, slot.aad(header))
    return slot


def recovery_slot(header: Header, data_key: bytes) -> tuple[Slot, str]:
    raw, text = crypto.new_recovery_secret()
    slot = Slot(
        slot_id=uuid.uuid4().hex,
        kind="recovery",
        salt=secrets.token_bytes(crypto.SALT_BYTES),
        nonce=b"",
        wrapped=b"",
    )
    slot.nonce, slot.wrapped = crypto.wrap(
        crypto.derive_recovery_key(raw, slot.salt), data_key, slot.aad(header)
    )
    return slot, text


def unwrap_passphrase(header: Header, user: str, passphrase: str) -> bytes:
    slot = header.passphrase_slot(user)
    if slot is None or slot.kdf is None:
        # Spend the same time as a real attempt so user names cannot be probed by timing.
        crypto.derive_passphrase_key(passphrase, b"\0" * crypto.SALT_BYTES, crypto.KdfParams())
        raise crypto.UnwrapFailed()
    wrapping = crypto.derive_passphrase_key(passphrase, slot.salt, slot.check_kdf())
    return crypto.unwrap(wrapping, slot.nonce, slot.wrapped, slot.aad(header))


def unwrap_recovery(header: Header, recovery_text: str) -> bytes:
    slot = header.slot_of_kind("recovery")
    if slot is None:
        raise crypto.UnwrapFailed()
    raw = crypto.parse_recovery_key(recovery_text)
    return crypto.unwrap(
        crypto.derive_recovery_key(raw, slot.salt), slot.nonce, slot.wrapped, slot.aad(header)
    )


def rewrap_passphrase(
    folder: Path, user: str, old: str, new: str, kdf: crypto.KdfParams | None = None
) -> Header:
    """Change one user's passphrase by rewrapping their slot. The database is not touched, and the
    header is replaced atomically, so after a crash exactly one of old and new opens the vault."""
    check_passphrase(new, user)
    header = Header.load(folder)
    slot = header.passphrase_slot(user)
    try:
        data_key = unwrap_passphrase(header, user, old)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    assert slot is not None and slot.kdf is not None
    header.remove_slots("passphrase", user)
    header.slots.append(passphrase_slot(header, slot.user or user, new, data_key, kdf or slot.kdf))
    header.save(folder)
    return header


def throttled_unwrap(
    header: Header, throttle: Throttle, user: str, passphrase: str, wrong: str = ""
) -> bytes:
    """The data key, counted against the vault's throttle: refused while locked out, and a wrong
    passphrase is recorded (``wrong`` is its next step, when the default does not fit)."""
    wait = throttle.wait_seconds()
    if wait > 0:
        raise LockedOut(wait)
    try:
        return unwrap_passphrase(header, user, passphrase)
    except crypto.UnwrapFailed:
        throttle.record_failure()
        raise (WrongPassphrase(wrong) if wrong else WrongPassphrase()) from None
