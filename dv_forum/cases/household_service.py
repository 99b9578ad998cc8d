"""Children and perpetrators of one case, one record at a time (the CLI's `cases child|perpetrator`).

Every change is a save of the referral (referrals.update): the same permissions, audit, counts,
repeat flags and warnings as the form's save.
"""

from __future__ import annotations

from typing import Any

from dv_forum.cases import household, referrals
from dv_forum.cases.household import Child, Perpetrator
from dv_forum.cases.linkage import Identity
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault


def _case_id(vault: Vault, ref: str) -> int:
    vault.require(Perm.EDIT_CASES)
    row = vault.conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (ref,)).fetchone()
    if row is None:
        raise referrals.CaseNotFound(ref)
    return int(row[0])


def children(vault: Vault, ref: str) -> list[dict[str, Any]]:
    """The case's child records, numbered from 1 (audited as a view of the case)."""
    return list(referrals.get(vault, ref)["child_records"])


def perpetrators(vault: Vault, ref: str) -> list[dict[str, Any]]:
    """The case's perpetrators: 1 is the referral's own, then the further ones."""
    return list(referrals.get(vault, ref)["perpetrators"])


def add_child(vault: Vault, ref: str, new: Child) -> list[str]:
    """Add a child record; returns the save's warnings."""
    rid = _case_id(vault, ref)
    current = household.children_of(vault.conn, rid)
    warnings: list[str] = []
    referrals.update(vault, ref, {}, children=[*current, new], warnings=warnings)
    return warnings


def _no_such(what: str, n: int, ref: str, listing: str) -> UserError:
    return UserError(f"Case {ref} has no {what} {n}.", f"See `dv-forum cases {listing} {ref}`.")


def remove_child(vault: Vault, ref: str, n: int) -> None:
    rid = _case_id(vault, ref)
    current = household.children_of(vault.conn, rid)
    if not 1 <= n <= len(current):
        raise _no_such("child", n, ref, "children")
    referrals.update(vault, ref, {}, children=current[: n - 1] + current[n:])


def add_perpetrator(
    vault: Vault, ref: str, identity: Identity, details: Perpetrator
) -> tuple[int, list[str]]:
    """Add a perpetrator: the first one when the case has none yet, else a further one.
    Returns its number and the save's warnings."""
    rid = _case_id(vault, ref)
    has_first = vault.conn.execute("SELECT perpetrator_id FROM referrals WHERE id = ?", (rid,)).fetchone()[0]
    warnings: list[str] = []
    if has_first is None:
        changes = {
            "perp_gender": details.gender,
            "perp_age": details.age,
            "perp_under18": details.under18,
            "perp_relationship": details.relationship,
        }
        referrals.update(
            vault,
            ref,
            {k: v for k, v in changes.items() if v is not None},
            perpetrator=identity,
            warnings=warnings,
        )
        return household.FIRST, warnings
    current = household.perpetrators_of(vault.conn, rid)
    new = Perpetrator(details.gender, details.age, details.under18, details.relationship, identity)
    referrals.update(vault, ref, {}, perpetrators=[*current, new], warnings=warnings)
    return household.FIRST + len(current) + 1, warnings


def remove_perpetrator(vault: Vault, ref: str, n: int) -> None:
    """Remove a further perpetrator (2, 3, ...); the first is the referral's own."""
    rid = _case_id(vault, ref)
    if n == household.FIRST:
        raise UserError(
            f"Perpetrator 1 is case {ref}'s own perpetrator and stays with the referral.",
            "Remove a further perpetrator (2, 3, ...), or correct the first on the referral form.",
        )
    current = household.perpetrators_of(vault.conn, rid)
    if not any(p.n == n for p in current):
        raise _no_such("perpetrator", n, ref, "perpetrators")
    referrals.update(vault, ref, {}, perpetrators=[p for p in current if p.n != n])
