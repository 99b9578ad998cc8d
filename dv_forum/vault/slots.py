"""Key slots: a user's passphrase, or the recovery key, wrapping the vault's data key. A slot
is unwrapped only with the right secret; a failed attempt costs the same time whether or not the
user exists, so user names cannot be probed by timing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from dv_forum.errors import LockedOut, UserError, WrongPassphrase
from dv_forum.vault import crypto, policy
from dv_forum.vault.header import Header, Slot
from dv_forum.vault.roles import Role
from dv_forum.vault.sealed import Opened, make_slot, open_slot
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
    header: Header,
    user: str,
    passphrase: str,
    data_key: bytes,
    kdf: crypto.KdfParams,
    sign_key: bytes | None = None,
) -> Slot:
    """A sealed slot for ``user`` (see dv_forum.vault.sealed); ``sign_key`` for coordinators."""
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    wrapping = crypto.derive_passphrase_key(passphrase, salt, kdf)
    return make_slot(
        header, "passphrase", wrapping, data_key, user=user, salt=salt, kdf=kdf, sign_key=sign_key
    )


def recovery_slot(header: Header, data_key: bytes, sign_key: bytes | None = None) -> tuple[Slot, str]:
    raw, text = crypto.new_recovery_secret()
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    wrapping = crypto.derive_recovery_key(raw, salt)
    return make_slot(header, "recovery", wrapping, data_key, salt=salt, sign_key=sign_key), text


def open_passphrase(header: Header, user: str, passphrase: str) -> Opened:
    """What ``user``'s slot holds, given her passphrase; crypto.UnwrapFailed if it does not fit."""
    slot = header.passphrase_slot(user)
    if slot is None or slot.kdf is None:
        # Spend the same time as a real attempt so user names cannot be probed by timing.
        crypto.derive_passphrase_key(passphrase, b"\0" * crypto.SALT_BYTES, crypto.KdfParams())
        raise crypto.UnwrapFailed()
    wrapping = crypto.derive_passphrase_key(passphrase, slot.salt, slot.check_kdf())
    return open_slot(header, slot, wrapping)


def unwrap_passphrase(header: Header, user: str, passphrase: str) -> bytes:
    return open_passphrase(header, user, passphrase).data_key


def open_recovery(header: Header, recovery_text: str) -> Opened:
    slot = header.slot_of_kind("recovery")
    if slot is None:
        raise crypto.UnwrapFailed()
    raw = crypto.parse_recovery_key(recovery_text)
    return open_slot(header, slot, crypto.derive_recovery_key(raw, slot.salt))


def unwrap_recovery(header: Header, recovery_text: str) -> bytes:
    return open_recovery(header, recovery_text).data_key


def throttled_unwrap(
    header: Header, throttle: Throttle, user: str, passphrase: str, wrong: str = ""
) -> Opened:
    """The data key, counted against the vault's throttle: refused while locked out, and a wrong
    passphrase is recorded (``wrong`` is its next step, when the default does not fit)."""
    wait = throttle.wait_seconds()
    if wait > 0:
        raise LockedOut(wait)
    try:
        return open_passphrase(header, user, passphrase)
    except crypto.UnwrapFailed:
        throttle.record_failure()
        raise (WrongPassphrase(wrong) if wrong else WrongPassphrase()) from None
