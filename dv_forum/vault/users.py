"""Users of a vault: adding one (with a one-time passphrase they must change), listing them, and
rotating the data key (every slot rewrapped; the others get one-time passphrases)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dv_forum.errors import UserError, WrongPassphrase
from dv_forum.vault import crypto, db
from dv_forum.vault.header import Header
from dv_forum.vault.roles import Perm, Role
from dv_forum.vault.slots import (
    User,
    check_passphrase,
    check_user_name,
    now,
    passphrase_slot,
    recovery_slot,
    unwrap_passphrase,
)

if TYPE_CHECKING:
    from dv_forum.vault.vault import Vault


def add_user(vault: Vault, name: str, role: Role | str, passphrase: str, my_passphrase: str) -> User:
    """Add a user with their own slot. Needs the caller's passphrase to reach the data key."""
    vault.require(Perm.MANAGE_USERS)
    name = check_user_name(name)
    role = Role(role)
    check_passphrase(passphrase, name)
    if vault.header.passphrase_slot(name) is not None:
        raise UserError(f"There is already a user called {name}.", "Choose another name.")
    try:
        data_key = unwrap_passphrase(vault.header, vault.user.name, my_passphrase)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO users (name, role, created_at, must_change, one_time_at) VALUES (?, ?, ?, 1, ?)",
            (name, role.value, now(), now()),
        )
        vault.audit("user.add", detail=f"{name} ({role.value})")
        # The header is written inside the transaction: if it fails, the user row rolls back.
        vault._set_passphrase_slot(name, passphrase, data_key)
    return User(int(cur.lastrowid or 0), name, role, True)


def list_users(vault: Vault) -> list[User]:
    rows = vault.conn.execute("SELECT id, name, role, must_change FROM users WHERE active = 1 ORDER BY name")
    return [User(r[0], r[1], Role(r[2]), bool(r[3])) for r in rows]


def rotate_key(
    vault: Vault, my_passphrase: str, without: str | tuple[str, ...] = ""
) -> tuple[str, dict[str, str]]:
    """New data key (PRAGMA rekey) and every slot rewrapped; ``without`` (a name or several) gets
    no slot (users being removed). Removed users have none either: only active users get slots.

    Other users' passphrases are unknown to us, so each gets a one-time passphrase that they
    must change at next unlock. Returns the new recovery key and those one-time passphrases.
    """
    vault.require(Perm.ROTATE_KEY)
    try:
        unwrap_passphrase(vault.header, vault.user.name, my_passphrase)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    leaving = {n.casefold() for n in ((without,) if isinstance(without, str) else without)}
    new_key = crypto.random_key()
    header = Header(vault_id=vault.header.vault_id)
    sign = vault.sign_key  # rotate-key is for coordinators, whose slots carry the signing key
    header.slots.append(passphrase_slot(header, vault.user.name, my_passphrase, new_key, vault._kdf, sign))
    temporary: dict[str, str] = {}
    for other in vault.list_users():
        if other.name.casefold() in {vault.user.name.casefold(), *leaving}:
            continue
        temp = "-".join(secrets.token_hex(3) for _ in range(4))
        temporary[other.name] = temp
        other_sign = sign if other.role is Role.COORDINATOR else None
        header.slots.append(passphrase_slot(header, other.name, temp, new_key, vault._kdf, other_sign))
    rslot, recovery_text = recovery_slot(header, new_key, sign)
    header.slots.append(rslot)
    from dv_forum.vault.rekey import swap_key

    remembered = vault.header.slot_of_kind("keyring") is not None
    swap_key(vault, header, new_key)
    if remembered:
        # The new header has no keyring slot: the secret this device keeps for it is stale.
        from dv_forum.vault import keyring_slot

        keyring_slot.forget(header.vault_id, vault.user.name)
    with vault.transaction():
        for name in temporary:
            vault.conn.execute(
                "UPDATE users SET must_change = 1, one_time_at = ? WHERE name = ?", (now(), name)
            )
        vault.audit("vault.rotate_key", detail=f"{len(temporary)} users given one-time passphrases")
    return recovery_text, temporary


def remove_user(vault: Vault, name: str, my_passphrase: str) -> tuple[str, dict[str, str]]:
    """Remove a user for good: their slot goes and the database is re-keyed, so their passphrase
    opens neither the vault nor a copy of its folder made from now on (copies and backups made
    before still open with it: remake them). The others get one-time passphrases, as with
    rotate_key. Returns the new recovery key and those passphrases."""
    vault.require(Perm.MANAGE_USERS)
    leaving = next((u for u in vault.list_users() if u.name.casefold() == name.strip().casefold()), None)
    if leaving is None:
        raise UserError(f"There is no user called {name}.", "See `dv-forum users list`.")
    if leaving.name.casefold() == vault.user.name.casefold():
        raise UserError("You cannot remove yourself.", "Ask another coordinator to do it.")
    recovery, temporary = rotate_key(vault, my_passphrase, without=leaving.name)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET active = 0, must_change = 0 WHERE id = ?", (leaving.id,))
        vault.audit("user.remove", detail=leaving.name)
    return recovery, temporary


def reset_user(vault: Vault, name: str, passphrase: str, my_passphrase: str) -> None:
    """Give a user a new one-time passphrase (a forgotten or expired one): their slot is rewrapped
    with it, and they must change it at next unlock, within session.one_time_days."""
    vault.require(Perm.MANAGE_USERS)
    user = next((u for u in vault.list_users() if u.name.casefold() == name.strip().casefold()), None)
    if user is None:
        raise UserError(f"There is no user called {name}.", "See `dv-forum users list`.")
    if user.name.casefold() == vault.user.name.casefold():
        raise UserError("Use `dv-forum passwd` for your own passphrase.", "Nothing was changed.")
    check_passphrase(passphrase, user.name)
    try:
        data_key = unwrap_passphrase(vault.header, vault.user.name, my_passphrase)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 1, one_time_at = ? WHERE id = ?", (now(), user.id))
        vault.audit("user.reset", detail=user.name)
        vault._set_passphrase_slot(user.name, passphrase, data_key)


class OneTimeExpired(UserError):
    def __init__(self, day: str) -> None:
        super().__init__(
            f"Your one-time passphrase expired on {day}: one-time passphrases last a few days.",
            "Ask a coordinator for a new one (Settings > Users, or `dv-forum users reset NAME`).",
        )


def one_time_expired(conn: db.Connection, row: Any) -> str:
    """The day a still-unchanged one-time passphrase expired ("" while it is valid or changed)."""
    if row is None or not row["must_change"] or not row["one_time_at"]:
        return ""
    from dv_forum.settings import get_setting
    from dv_forum.vault.settings import ONE_TIME_DAYS

    ends = datetime.fromisoformat(row["one_time_at"]) + timedelta(days=get_setting(conn, ONE_TIME_DAYS))
    return ends.date().isoformat() if ends < datetime.now(UTC) else ""
