"""Cases the coordinator should look at, never changed silently: the referrer said "MARAC repeat:
yes" (or no) and the repeat rule says otherwise, or a previous MARAC elsewhere is recorded without
knowing whether it was the same perpetrator (only "yes" can make it a repeat)."""

from __future__ import annotations

from typing import Any

from dv_forum.cases.recompute import ensure_current
from dv_forum.vault import Perm, Vault

_SQL = (
    "SELECT case_ref, referral_date, is_repeat, referrer_repeat, previous_marac_date,"
    " previous_marac_same_perpetrator FROM referrals WHERE status = 'open' AND ("
    " (referrer_repeat IS NOT NULL AND referrer_repeat != is_repeat)"
    " OR (previous_marac_date IS NOT NULL AND previous_marac_same_perpetrator = 'not_known'))"
    " ORDER BY referral_date, id"
)


def reasons(case: dict[str, Any]) -> list[str]:
    """Why one case is listed for review (none: it is not)."""
    out = []
    said, computed = case.get("referrer_repeat"), bool(case.get("is_repeat", case.get("repeat")))
    if said is not None and bool(said) != computed:
        out.append(
            f"the referrer says MARAC repeat: {'yes' if said else 'no'}; the repeat rule says "
            f"{'yes' if computed else 'no'}"
        )
    if case.get("previous_marac_date") and case.get("previous_marac_same_perpetrator") == "not_known":
        out.append(
            f"a previous MARAC elsewhere on {case['previous_marac_date']}: not known whether it was the "
            "same perpetrator (only yes makes a repeat)"
        )
    return out


def for_review(vault: Vault) -> list[dict[str, Any]]:
    """Open cases needing a look, oldest first, each with its reasons. Audited as a listing."""
    vault.require(Perm.VIEW_CASES)
    with vault.transaction() as conn:
        ensure_current(conn)
        rows = [dict(r) for r in conn.execute(_SQL)]
        vault.audit("case.review_list", detail=f"{len(rows)} cases")
    return [
        {"case_ref": r["case_ref"], "referral_date": r["referral_date"], "reasons": reasons(r)} for r in rows
    ]
