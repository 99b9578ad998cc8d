"""Possible-match review: offer pairs to the coordinator, confirm (link, recompute) or reject."""

from __future__ import annotations

from dv_forum.cases import persons
from dv_forum.cases.incremental import recompute_for
from dv_forum.cases.recompute import RecomputeResult
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection


def offers(vault: Vault) -> list[persons.PossibleMatch]:
    vault.require(Perm.EDIT_CASES)
    return persons.possible_matches(vault.conn)


def _check(conn: Connection, a: int, b: int) -> None:
    kinds = {r[0] for r in conn.execute("SELECT kind FROM persons WHERE id IN (?, ?)", (a, b))}
    count = conn.execute("SELECT count(*) FROM persons WHERE id IN (?, ?)", (a, b)).fetchone()[0]
    if a == b or count != 2 or len(kinds) != 1:
        raise UserError(
            "That is not a pair of people who could be the same person.",
            "Pick a pair from the possible-match list.",
        )


def confirm(vault: Vault, a: int, b: int) -> RecomputeResult:
    """The coordinator says a and b are the same person: link them and recompute repeat flags."""
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        _check(conn, a, b)
        persons.link(conn, a, b)
        persons.record_review(conn, a, b, "confirmed", vault.user.name)
        result = recompute_for(conn, (a, b))  # the referrals of the person they now are
        vault.audit("match.confirm", detail=f"persons {min(a, b)},{max(a, b)}")
    return result


def reject(vault: Vault, a: int, b: int) -> None:
    """Not the same person: the pair is not offered again."""
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        _check(conn, a, b)
        persons.record_review(conn, a, b, "rejected", vault.user.name)
        vault.audit("match.reject", detail=f"persons {min(a, b)},{max(a, b)}")


def pair_of(vault: Vault, a: str, b: str) -> tuple[int, int]:
    """The possible match two arguments name: person numbers, or a case reference of each side
    (any case of that person, as ``cases matches`` lists them)."""
    if a.isdigit() and b.isdigit():
        return int(a), int(b)
    found = [
        (m.person_a, m.person_b)
        for m in offers(vault)
        if (a in m.refs_a and b in m.refs_b) or (a in m.refs_b and b in m.refs_a)
    ]
    if len(found) != 1:
        raise UserError(
            f"There is {'no' if not found else 'more than one'} possible match between {a} and {b}.",
            "See 'dv-forum cases matches' for the pairs and their case references.",
        )
    return found[0]


COMPARED = (
    ("case_ref", "Cases"),
    ("referral_date", "Referred"),
    ("victim_initials", "Victim's initials"),
    ("age", "Age recorded"),
    ("area", "Locality"),
    ("referring_agency", "Referred by"),
)


def compare(vault: Vault, a: int, b: int) -> list[tuple[str, str, str]]:
    """What the cases of each side record, side by side (label, a's, b's): what a coordinator
    compares before saying two people are one. No identity is kept, so none is shown."""
    vault.require(Perm.EDIT_CASES)

    def side(person: int) -> dict[str, str]:
        rows = vault.conn.execute(
            "SELECT case_ref, referral_date, victim_initials,"
            " CASE WHEN victim_id = ?1 THEN victim_age ELSE perp_age END AS age, area, referring_agency"
            " FROM referrals WHERE victim_id = ?1 OR perpetrator_id = ?1 ORDER BY referral_date, id",
            (person,),
        ).fetchall()
        return {
            key: "; ".join("-" if r[i] is None else str(r[i]) for r in rows)
            for i, (key, _) in enumerate(COMPARED)
        }

    left, right = side(a), side(b)
    return [(label, left[key], right[key]) for key, label in COMPARED]
