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
