"""Splitting a shared (legacy) coordinator's vault: each outreach worker and chair leaves with an
enrolment file for a vault of their own, and the data key is rotated without their slots, so their
old passphrases open nothing written from now on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dv_forum.errors import UserError, WrongPassphrase
from dv_forum.exchange import enrol
from dv_forum.vault import Perm, Vault, crypto
from dv_forum.vault.roles import Role
from dv_forum.vault.slots import unwrap_passphrase
from dv_forum.vault.users import rotate_key


@dataclass(frozen=True)
class Leaving:
    user: str
    file: str
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"user": self.user, "file": self.file, "code": self.code}


def split(vault: Vault, out: Path, my_passphrase: str) -> tuple[list[Leaving], str, dict[str, str]]:
    """Enrol every outreach and chair user as a device (file in OUT), remove their slots and re-key.
    Returns the enrolments, the new recovery key and the other coordinators' one-time passphrases."""
    vault.require(Perm.MANAGE_USERS)
    if vault.user.role != Role.COORDINATOR:
        raise UserError("Only a coordinator can split a vault.", "Open it as a coordinator.")
    users = [u for u in vault.list_users() if u.role in (Role.OUTREACH, Role.CHAIR)]
    if not users:
        raise UserError("This vault has no outreach or chair users to split off.", "Nothing was changed.")
    try:
        unwrap_passphrase(vault.header, vault.user.name, my_passphrase)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    out.mkdir(parents=True, exist_ok=True)
    leaving: list[Leaving] = []
    with vault.transaction() as conn:
        enrol.ensure_identity(conn, vault.user.name)
        for u in users:
            target = out / f"{u.name}.dve"
            leaving.append(Leaving(u.name, str(target), enrol.enrol(conn, u.name, u.role.value, target)))
        vault.audit("exchange.split", detail=f"{len(users)} users enrolled as devices")
    recovery, temporary = rotate_key(vault, my_passphrase, without=tuple(u.name for u in users))
    with vault.transaction() as conn:
        for u in users:
            conn.execute("UPDATE users SET active = 0, must_change = 0 WHERE id = ?", (u.id,))
            vault.audit("user.remove", detail=u.name)
    return leaving, recovery, temporary
