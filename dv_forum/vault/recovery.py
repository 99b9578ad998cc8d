"""Unlocking with the recovery key, which also sets a new passphrase for the user."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from dv_forum.errors import LockedOut, UserError
from dv_forum.vault import crypto
from dv_forum.vault.slots import check_passphrase, open_recovery
from dv_forum.vault.throttle import Throttle
from dv_forum.vault.vault import Vault


def open_with_recovery(
    folder: Path,
    recovery_text: str,
    user: str,
    new_passphrase: str,
    clock: Callable[[], float] = time.time,
) -> Vault:
    """Unlock with the recovery key and set a new passphrase for ``user``. Counted against the
    vault's throttle like a passphrase."""
    check_passphrase(new_passphrase, user)
    header = Vault._load_header(folder)
    throttle = Throttle(folder, clock, header.vault_id)
    wait = throttle.wait_seconds()
    if wait > 0:
        raise LockedOut(wait)
    try:
        opened = open_recovery(header, recovery_text)
    except crypto.UnwrapFailed:
        throttle.record_failure()
        raise UserError(
            "That recovery key does not open this vault.", "Check it against the printed copy."
        ) from None
    kdf = Vault._strongest_kdf(header)
    vault = Vault._finish_open(folder, header, opened, user, throttle, "unlock.recovery", kdf)
    vault._set_passphrase_slot(vault.user.name, new_passphrase, opened.data_key)
    vault.audit("user.passphrase_reset", detail=vault.user.name)
    return vault
