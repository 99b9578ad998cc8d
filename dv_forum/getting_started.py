"""The getting-started checklist a coordinator sees on Home until a new vault is set up: the
partnership's localities, other people (users or enrolled devices), history or first referrals,
and meetings. Counts only; nothing about any case."""

from __future__ import annotations

from dataclasses import dataclass

from dv_forum import lists
from dv_forum.vault import Perm, Vault


@dataclass(frozen=True)
class Step:
    label: str
    how: str
    done: bool


def _any(vault: Vault, sql: str) -> bool:
    return vault.conn.execute(sql).fetchone() is not None


def steps(vault: Vault) -> list[Step]:
    """The checklist, or [] for anyone but a coordinator of a coordinator's vault."""
    if not vault.can(Perm.MANAGE_USERS) or not vault.can(Perm.IMPORT):
        return []
    return [
        Step(
            "Set up your partnership's localities",
            "Settings > Lists (or dv-forum lists add locality NAME)",
            bool(lists.get_list(vault.conn, "locality")),
        ),
        Step(
            "Add the other people",
            "Settings > Users for coordinators; Exchange > Enrol a device for outreach workers and the chair",
            _any(vault, "SELECT 1 FROM users WHERE id != (SELECT min(id) FROM users)")
            or _any(vault, "SELECT 1 FROM exchange_devices"),
        ),
        Step(
            "Bring your history in, or add the first referral",
            "Cases > Import referrals (Ctrl+I); start from dv-forum import referrals --template FILE.xlsx",
            _any(vault, "SELECT 1 FROM referrals"),
        ),
        Step(
            "Schedule the MARAC meetings",
            "MARAC > New meeting or Schedule a series",
            _any(vault, "SELECT 1 FROM meetings"),
        ),
    ]
