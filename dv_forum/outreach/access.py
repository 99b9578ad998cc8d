"""Who may see or change which client: the one rule every outreach function goes through."""

from __future__ import annotations

from typing import Any

from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault


class NotOnCaseload(UserError):
    # One message whether the code exists or not, so codes cannot be probed.
    def __init__(self, code: str) -> None:
        super().__init__(f"Client {code[:20]} is not on your caseload.", "Check the client code.")


def sees_all(vault: Vault) -> bool:
    return vault.can(Perm.VIEW_ALL_OUTREACH)


def view_scope(vault: Vault, worker: str | None = None) -> str | None:
    """The worker whose clients this user may list (None: everyone's). Asking for another
    worker's list without the right is a denial, audited."""
    if sees_all(vault):
        return worker.strip() if worker and worker.strip() else None
    vault.require(Perm.VIEW_OWN_OUTREACH)
    if worker and worker.strip().casefold() != vault.user.name.casefold():
        vault.require(Perm.VIEW_ALL_OUTREACH)  # raises and audits
    return vault.user.name


def client_row(vault: Vault, code: str, edit: bool = False) -> Any:
    """The client's row if this user may see (or edit) it; a denial otherwise, audited."""
    vault.require(Perm.EDIT_OWN_OUTREACH if edit else Perm.VIEW_OWN_OUTREACH)
    clean = (code or "").strip()
    row = vault.conn.execute("SELECT * FROM outreach_clients WHERE code = ?", (clean,)).fetchone()
    if row is None:
        raise NotOnCaseload(clean)
    every = Perm.EDIT_ALL_OUTREACH if edit else Perm.VIEW_ALL_OUTREACH
    if not vault.can(every) and row["worker"].casefold() != vault.user.name.casefold():
        with vault.transaction():
            vault.audit("denied", ref=row["code"], detail=every.name)
        raise NotOnCaseload(clean)
    return row


def outreach_workers(vault: Vault) -> list[str]:
    """The outreach workers this vault knows: its active users with the outreach role, and the
    outreach workers' own vaults enrolled to exchange with it (a client assigned to one travels there)."""
    from dv_forum.exchange.kinds import peers
    from dv_forum.vault.roles import Role

    users = [u.name for u in vault.list_users() if u.role == Role.OUTREACH]
    known = {u.casefold() for u in users}
    return users + sorted(d for d in peers(vault.conn, "outreach") if d.casefold() not in known)


def check_worker(vault: Vault, worker: str | None) -> str:
    """The worker a record belongs to: yourself, or, if you may edit everyone's, one of the
    outreach workers the vault knows. A name nobody has would put the client on no one's list."""
    vault.require(Perm.EDIT_OWN_OUTREACH)
    if not worker or not worker.strip() or worker.strip().casefold() == vault.user.name.casefold():
        return vault.user.name
    vault.require(Perm.EDIT_ALL_OUTREACH)
    known = outreach_workers(vault)
    found = [name for name in known if name.casefold() == worker.strip().casefold()]
    if not found:
        raise UserError(
            f"There is no outreach worker called {worker.strip()[:40]} in this vault.",
            f"Choose one of: {', '.join(known)}."
            if known
            else "Add the worker first (users add NAME --role outreach).",
        )
    return found[0]
