"""Cases the coordinator should look at, never changed silently: the referrer said "MARAC repeat:
yes" (or no) and the repeat rule says otherwise, a previous MARAC elsewhere is recorded without
knowing whether it was the same perpetrator (only "yes" can make it a repeat), or the case meets no
MARAC criterion (none ticked, and none shown by its own record)."""

from __future__ import annotations

from typing import Any

from dv_forum.cases import criteria
from dv_forum.cases.recompute import ensure_current
from dv_forum.vault import Perm, Vault

_SQL = (
    "SELECT case_ref, referral_date, is_repeat, referrer_repeat, previous_marac_date,"
    " previous_marac_same_perpetrator, criteria, dash_score, pj_band, police_incidents_12m"
    " FROM referrals WHERE status = 'open' ORDER BY referral_date, id"
)


def reasons(case: dict[str, Any], escalation: int | None = None) -> list[str]:
    """Why one case is listed for review (none: it is not). ``escalation``: the escalation setting,
    when the case's criteria are to be checked too."""
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
    met = case.get("criteria_met")
    if met is None and escalation is not None:
        met = criteria.met(case, escalation)
    if met is not None and not met:
        out.append("it meets no MARAC criterion: none was ticked and its record shows none")
    return out


def for_review(vault: Vault) -> list[dict[str, Any]]:
    """Open cases needing a look, oldest first, each with its reasons. Audited as a listing."""
    vault.require(Perm.VIEW_CASES)
    with vault.transaction() as conn:
        ensure_current(conn)
        escalation = criteria.escalation_incidents(conn)
        found = [(r, why) for r in map(dict, conn.execute(_SQL)) if (why := reasons(r, escalation))]
        vault.audit("case.review_list", detail=f"{len(found)} cases")
    return [
        {"case_ref": r["case_ref"], "referral_date": r["referral_date"], "reasons": why} for r, why in found
    ]
