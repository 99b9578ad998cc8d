"""Review holds: a case under a Domestic Homicide Review or another case review is kept from the
retention purge until the hold is lifted, with a reason each way (audited by case reference)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from dv_forum.cases.referrals import CaseNotFound
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

MAX_REASON = 200


@dataclass(frozen=True)
class Hold:
    case_ref: str
    reason: str
    placed_by: str | None
    placed_on: str
    lifted_by: str | None
    lifted_on: str | None
    lift_reason: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def held_case_refs(conn: Connection) -> set[str]:
    """Case references under a hold now: the retention purge leaves these alone."""
    return {
        str(r[0])
        for r in conn.execute(
            "SELECT r.case_ref FROM case_review_holds h JOIN referrals r ON r.id = h.referral_id"
            " WHERE h.lifted_on IS NULL"
        )
    }


def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise UserError("A review hold needs a reason.", "Say which review, e.g. 'DHR 2026/03' (no names).")
    if len(text) > MAX_REASON:
        raise UserError(f"The reason is longer than {MAX_REASON} characters.", "Shorten it.")
    return text


def _referral_id(conn: Connection, ref: str) -> int:
    row = conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (ref.strip(),)).fetchone()
    if row is None:
        raise CaseNotFound(ref)
    return int(row[0])


def place(vault: Vault, ref: str, reason: str, today: date | None = None) -> None:
    vault.require(Perm.PURGE)
    reason = _reason(reason)
    with vault.transaction() as conn:
        rid = _referral_id(conn, ref)
        if conn.execute(
            "SELECT 1 FROM case_review_holds WHERE referral_id = ? AND lifted_on IS NULL", (rid,)
        ).fetchone():
            raise UserError(f"Case {ref} is already on hold.", "Lift the hold first to change it.")
        conn.execute(
            "INSERT INTO case_review_holds (referral_id, reason, placed_by, placed_on) VALUES (?, ?, ?, ?)",
            (rid, reason, vault.user.name, (today or date.today()).isoformat()),
        )
        vault.audit("case.hold", ref=ref, detail=reason)


def lift(vault: Vault, ref: str, reason: str, today: date | None = None) -> None:
    vault.require(Perm.PURGE)
    reason = _reason(reason)
    with vault.transaction() as conn:
        rid = _referral_id(conn, ref)
        cur = conn.execute(
            "UPDATE case_review_holds SET lifted_by = ?, lifted_on = ?, lift_reason = ?"
            " WHERE referral_id = ? AND lifted_on IS NULL",
            (vault.user.name, (today or date.today()).isoformat(), reason, rid),
        )
        if not cur.rowcount:
            raise UserError(f"Case {ref} is not on hold.", "Nothing was changed.")
        vault.audit("case.hold_lifted", ref=ref, detail=reason)


def holds(vault: Vault, current_only: bool = False) -> list[Hold]:
    vault.require(Perm.VIEW_CASES)
    sql = (
        "SELECT r.case_ref, h.reason, h.placed_by, h.placed_on, h.lifted_by, h.lifted_on, h.lift_reason"
        " FROM case_review_holds h JOIN referrals r ON r.id = h.referral_id"
        + (" WHERE h.lifted_on IS NULL" if current_only else "")
        + " ORDER BY h.placed_on, h.id"
    )
    return [Hold(*r) for r in vault.conn.execute(sql)]
