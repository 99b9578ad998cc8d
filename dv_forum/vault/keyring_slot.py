"""Optional "remember on this device": a keyring-held key that wraps the data key in its own slot.

Off by default. Only secure OS backends are used; there is never a plaintext fallback.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dv_forum.errors import UserError, WrongPassphrase
from dv_forum.vault import crypto
from dv_forum.vault.sealed import make_slot, open_slot
from dv_forum.vault.slots import unwrap_passphrase
from dv_forum.vault.vault import Vault

SERVICE = "dv-forum"
TIMEOUT_S = 10.0
T = TypeVar("T")

_INSECURE_MARKERS = ("keyrings.alt", "plaintext", "fail.", "null.", "chainer")


@dataclass(frozen=True)
class Availability:
    available: bool
    backend: str
    reason: str


def _with_timeout(fn: Callable[[], T]) -> T:
    # Keyring backends can block on a D-Bus prompt; never let that hang the caller.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(fn).result(timeout=TIMEOUT_S)
    except concurrent.futures.TimeoutError:
        raise UserError(
            "The system keyring did not answer in time.", "Unlock with your passphrase."
        ) from None
    finally:
        pool.shutdown(wait=False)


def _backend() -> Any:
    import keyring

    return keyring.get_keyring()


def availability() -> Availability:
    try:
        backend = _with_timeout(_backend)
    except UserError as exc:
        return Availability(False, "unknown", exc.message)
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not available"
        return Availability(False, "unknown", f"the keyring could not be loaded ({type(exc).__name__})")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    lowered = name.lower()
    if any(marker in lowered for marker in _INSECURE_MARKERS) or getattr(backend, "priority", 1) <= 0:
        return Availability(
            False,
            name,
            "no secure system keyring is available on this computer (on Linux: a Secret "
            "Service such as GNOME Keyring or KWallet must be running)",
        )
    return Availability(True, name, "")


def _account(vault_id: str, user: str) -> str:
    return f"{vault_id}:{user.casefold()}"


def enable(vault: Vault, passphrase: str) -> None:
    """Remember this user's unlock on this device."""
    status = availability()
    if not status.available:
        raise UserError(
            f"Cannot remember the vault on this device: {status.reason}.", "Keep using your passphrase."
        )
    try:
        data_key = unwrap_passphrase(vault.header, vault.user.name, passphrase)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    wrapping = secrets.token_bytes(crypto.KEY_BYTES)
    header = vault.header
    # Sealed, so a passphrase change (which re-keys) carries it over; never the signing key.
    slot = make_slot(header, "keyring", wrapping, data_key, user=vault.user.name)
    _with_timeout(
        lambda: _backend().set_password(SERVICE, _account(header.vault_id, vault.user.name), wrapping.hex())
    )
    header.remove_slots("keyring", vault.user.name)
    header.slots.append(slot)
    header.save(vault.folder)
    with vault.transaction():
        vault.audit("keyring.enable")


def disable(vault: Vault) -> None:
    header = vault.header
    header.remove_slots("keyring", vault.user.name)
    header.save(vault.folder)
    forget(header.vault_id, vault.user.name)
    with vault.transaction():
        vault.audit("keyring.disable")


def forget(vault_id: str, user: str) -> None:
    """Remove this device's keyring secret for ``user`` (its slot is gone: a key rotation)."""

    def _delete() -> None:
        try:
            _backend().delete_password(SERVICE, _account(vault_id, user))
        except Exception:  # noqa: BLE001 - nothing stored, or no keyring at all, is fine
            return

    with contextlib.suppress(UserError):
        _with_timeout(_delete)


def open_remembered(folder: Any, user: str) -> Vault:
    """Unlock with the keyring slot; raise UserError if there is none or it no longer fits."""
    header = Vault._load_header(folder)
    slot = next(
        (s for s in header.slots if s.kind == "keyring" and header.holds(s, user)),
        None,
    )
    if slot is None:
        raise UserError("This vault is not remembered on this device.", "Unlock with your passphrase.")
    secret = _with_timeout(lambda: _backend().get_password(SERVICE, _account(header.vault_id, user)))
    if not secret:
        raise UserError("The keyring no longer holds this vault's key.", "Unlock with your passphrase.")
    try:
        opened = open_slot(header, slot, bytes.fromhex(secret))
    except (crypto.UnwrapFailed, ValueError):
        raise UserError(
            "The remembered key no longer fits this vault.", "Unlock with your passphrase."
        ) from None
    return Vault.open_with_key(folder, opened.user or user, opened.data_key, "unlock.keyring")
