"""A person's own vault made from the enrolment file the coordinator wrote: what the command line's
`join` and the first-run wizard's "join" path both do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from dv_forum.exchange import devices, enrol
from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.roles import Role


@dataclass(frozen=True)
class Joined:
    vault: Vault  # open: the caller closes it or keeps working in it
    recovery: str  # the new vault's recovery key, shown once
    role: str  # outreach or chair, as the coordinator enrolled the device
    words: str  # the coordinator's fingerprint words, to compare with the coordinator's screen


def read(enrolment: Path, code: str) -> dict[str, str]:
    """The enrolment file opened with its one-time code: a wrong code or a changed file is refused
    here, before a passphrase is asked for or anything is written."""
    return enrol.read_enrolment(enrolment, code)


def join_vault(
    folder: Path, data: dict[str, str], name: str, passphrase: str, kdf: KdfParams | None = None
) -> Joined:
    """Create the vault from what ``read`` returned and take in the coordinator's keys."""
    extra = {"kdf": kdf} if kdf is not None else {}
    vault, recovery = Vault.create(folder, name or data["device"], passphrase, **extra)
    try:
        with vault.transaction() as conn:
            enrol.join(conn, data)
            vault.audit("exchange.join", ref=data["peer"])
            peer = devices.get(conn, data["peer"])
    except BaseException:
        vault.close()
        raise
    assert peer is not None
    # The vault was created as a coordinator's; from now on its user has the enrolled role.
    vault.user = replace(vault.user, role=Role(data["role"]))
    return Joined(vault, recovery, data["role"], peer.words)
