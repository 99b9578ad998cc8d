"""Subject access and erasure by identity (issue 17): a name and date of birth (or a source-system
id), never stored, find every referral where that person is the victim or a perpetrator through the
linkage keys; the export says what is held, why, who it was shared with and how long it is kept.

A request from an alleged perpetrator is treated as the risk it is: their export holds only what is
recorded about them as a perpetrator (referral and hearing dates, their own details), never the
victim, the case's minutes, outreach or Freedom Programme records, or anything else about the other
party. Erasure for a victim erases her cases; for a perpetrator it removes them from the cases (their
keys and details), leaving the victim's records whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dv_forum.cases import chronology, linkage
from dv_forum.cases.persons import secret
from dv_forum.cases.recompute import recompute
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

PURPOSES = (
    "To assess and reduce the risk of serious harm to victims of domestic abuse through the Multi-Agency "
    "Risk Assessment Conference (MARAC): sharing information between agencies and agreeing actions.",
    "To count referrals and repeat referrals for the partnership's statistics (figures only, no names).",
)


@dataclass
class Found:
    """What the vault holds about one identity: case references by the part the person plays."""

    as_victim: dict[int, str] = field(default_factory=dict)
    as_perpetrator: dict[int, str] = field(default_factory=dict)
    people: set[int] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.as_victim or self.as_perpetrator)


def _people(conn: Connection, identity: linkage.Identity) -> dict[str, set[int]]:
    try:
        keys = linkage.keys_for(identity, secret(conn))
    except linkage.IdentityError as exc:
        raise UserError(
            f"The identity is not complete: {exc.field} {exc.reason}.", "Check it and try again."
        ) from None
    found: dict[str, set[int]] = {"victim": set(), "perpetrator": set()}
    for _, key in keys.exact:
        for pid, kind in conn.execute(
            "SELECT p.id, p.kind FROM person_match_keys k JOIN persons p ON p.id = k.person_id"
            " WHERE k.key_kind IN (?, ?) AND k.match_key = ?",
            (*linkage.EXACT_KINDS, key),
        ):
            found[kind] |= chronology._people(conn, int(pid))
    return found


def find(conn: Connection, identity: linkage.Identity) -> Found:
    people = _people(conn, identity)
    out = Found(people=people["victim"] | people["perpetrator"])
    if people["victim"]:
        out.as_victim = chronology._referrals(conn, people["victim"], as_perpetrator=False)
    if people["perpetrator"]:
        marks = ", ".join("?" for _ in people["perpetrator"])
        rows = conn.execute(
            f"SELECT id, case_ref FROM referrals WHERE perpetrator_id IN ({marks}) OR id IN"  # noqa: S608
            f" (SELECT referral_id FROM case_perpetrators WHERE person_id IN ({marks})) ORDER BY referral_date, id",
            [*people["perpetrator"], *people["perpetrator"]],
        )
        out.as_perpetrator = {int(r[0]): str(r[1]) for r in rows}
    return out


def _shared_with(conn: Connection, refs: dict[int, str]) -> list[str]:
    """Who received copies: the pack and minutes copies printed for the meetings that heard the cases."""
    if not refs:
        return []
    marks = ", ".join("?" for _ in refs)
    days = [
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id"  # noqa: S608
            f" WHERE a.referral_id IN ({marks})",
            list(refs),
        )
    ]
    if not days:
        return []
    marks = ", ".join("?" for _ in days)
    rows = conn.execute(
        f"SELECT DISTINCT ref, detail FROM audit WHERE action LIKE 'marac.%' AND ref IN ({marks})"  # noqa: S608
        " AND (action LIKE 'marac.pack.%' OR action LIKE 'marac.minutes.%') ORDER BY ref",
        days,
    )
    return [f"{day}: {detail}" for day, detail in rows if detail]


def _perpetrator_entries(conn: Connection, refs: dict[int, str]) -> list[dict[str, Any]]:
    """What is recorded about a perpetrator: dates and their own details, never the victim's."""
    if not refs:
        return []
    marks = ", ".join("?" for _ in refs)
    rows = conn.execute(
        f"SELECT case_ref, referral_date, heard_date, perp_gender, perp_age FROM referrals"  # noqa: S608
        f" WHERE id IN ({marks}) ORDER BY referral_date",
        list(refs),
    )
    return [
        {"case_ref": r[0], "referral_date": r[1], "heard_date": r[2], "gender": r[3], "age": r[4]}
        for r in rows
    ]


def report(vault: Vault, identity: linkage.Identity, requester: str) -> dict[str, Any]:
    """The subject access report for one identity. ``requester``: "victim" (her own cases and their
    whole chronology) or "perpetrator" (only what is recorded about them as a perpetrator)."""
    vault.require(Perm.EDIT_CASES)
    if requester not in ("victim", "perpetrator"):
        raise UserError("Say whether the request is from the victim or the perpetrator.", "Use --as.")
    from dv_forum.cases.retention import RETENTION_YEARS
    from dv_forum.settings import get_setting

    with vault.transaction() as conn:
        found = find(conn, identity)
        own = found.as_victim if requester == "victim" else found.as_perpetrator
        data: dict[str, Any] = {
            "requester": requester,
            "produced": date.today().isoformat(),
            "case_refs": list(own.values()),
            "purposes": list(PURPOSES),
            "shared_with": _shared_with(conn, own),
            "retention_years": int(get_setting(conn, RETENTION_YEARS)),
        }
        if requester == "victim":
            data["entries"] = chronology.build(conn, own, "The requester").to_dict()["entries"]
        else:
            data["entries"] = _perpetrator_entries(conn, own)
        vault.audit("case.subject_access", detail=f"{requester}, {len(own)} cases")
    return data


def erase(vault: Vault, identity: linkage.Identity, requester: str, reason: str) -> list[str]:
    """Erase what is held about the requester; returns the case references affected."""
    from dv_forum.cases.retention import erase_case

    vault.require(Perm.PURGE)
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("An erasure needs a reason.", "Give one with --reason (no names, please).")
    found = find(vault.conn, identity)
    if requester == "victim":
        refs = list(found.as_victim.values())
        for ref in refs:
            erase_case(vault, ref, reason)
        return refs
    with vault.transaction() as conn:
        _unlink_perpetrator(conn, found)
        recompute(conn)
        vault.audit("case.subject_erase", detail=f"perpetrator, {len(found.as_perpetrator)} cases: {reason}")
    return list(found.as_perpetrator.values())


def _unlink_perpetrator(conn: Connection, found: Found) -> None:
    kinds = {p: conn.execute("SELECT kind FROM persons WHERE id = ?", (p,)).fetchone() for p in found.people}
    ids = [p for p, kind in kinds.items() if kind and kind[0] == "perpetrator"]
    if not ids:
        return
    marks = ", ".join("?" for _ in ids)
    conn.execute(
        f"UPDATE referrals SET perpetrator_id = NULL, perp_gender = NULL, perp_age = NULL,"  # noqa: S608
        f" perp_under18 = NULL WHERE perpetrator_id IN ({marks})",
        ids,
    )
    conn.execute(f"DELETE FROM case_perpetrators WHERE person_id IN ({marks})", ids)  # noqa: S608
    conn.execute(f"DELETE FROM person_match_keys WHERE person_id IN ({marks})", ids)  # noqa: S608
    conn.execute(f"UPDATE persons SET canonical_id = NULL WHERE canonical_id IN ({marks})", ids)  # noqa: S608
    conn.execute(
        f"DELETE FROM person_match_reviews WHERE person_a IN ({marks}) OR person_b IN ({marks})",  # noqa: S608
        [*ids, *ids],
    )
    conn.execute(f"DELETE FROM persons WHERE id IN ({marks})", ids)  # noqa: S608
