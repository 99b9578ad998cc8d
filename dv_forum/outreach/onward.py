"""Onward referrals made at an outreach contact: the agencies referred on to, when, and whether
they took the referral. Corrections match agencies by name, so a saved referral keeps its date
and outcome when the contact is corrected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dv_forum.errors import UserError
from dv_forum.outreach.access import NotOnCaseload, client_row
from dv_forum.vault import Perm, Vault


@dataclass(frozen=True)
class Onward:
    agency: str
    referred_date: str
    accepted: bool | None = None
    id: int = 0


def insert_onward(conn: Any, contact_id: int, o: Onward) -> None:
    conn.execute(
        "INSERT INTO outreach_onward (contact_id, agency, referred_date, accepted) VALUES (?,?,?,?)",
        (contact_id, o.agency, o.referred_date, None if o.accepted is None else int(o.accepted)),
    )


def match_onward(
    saved: tuple[Onward, ...], given: Iterable[Onward | str]
) -> tuple[list[Onward | str], set[int]]:
    """Resolve agency names against the saved referrals (each matched at most once). Returns the
    list and the ids of saved referrals carried over by name (not restated by the caller)."""
    items = list(given)
    claimed = {o.id for o in items if isinstance(o, Onward) and o.id}
    pool = [o for o in saved if o.id not in claimed]
    out: list[Onward | str] = []
    carried: set[int] = set()
    for item in items:
        match = None
        if isinstance(item, str):
            match = next((o for o in pool if o.agency.casefold() == item.strip().casefold()), None)
        if match is not None:
            pool.remove(match)
            carried.add(match.id)
        out.append(match or item)
    return out, carried


def store_onward(conn: Any, contact_id: int, saved: tuple[Onward, ...], wanted: list[Onward]) -> bool:
    """Make the contact's onward referrals ``wanted``; True if anything changed."""
    before = {o.id: o for o in saved}
    gone = sorted(set(before) - {o.id for o in wanted})
    changed = bool(gone)
    for o in wanted:
        if not o.id:
            insert_onward(conn, contact_id, o)
            changed = True
        elif o != before[o.id]:
            conn.execute(
                "UPDATE outreach_onward SET agency = ?, referred_date = ?, accepted = ? WHERE id = ?",
                (o.agency, o.referred_date, None if o.accepted is None else int(o.accepted), o.id),
            )
            changed = True
    # Removed last, so a new referral never takes the id of one removed in the same change.
    for ident in gone:
        conn.execute("DELETE FROM outreach_onward WHERE id = ?", (ident,))
    return changed


class OnwardNotFound(UserError):
    # The same words whether the id is unknown or an onward referral of another worker's client,
    # so ids cannot be probed for the clients behind them.
    def __init__(self) -> None:
        super().__init__("That onward referral is not on record.", "Refresh the client's contacts.")


def set_onward_outcome(vault: Vault, onward_id: int, accepted: bool) -> None:
    """Record whether the other agency took the onward referral (of a client this user may edit)."""
    vault.require(Perm.EDIT_OWN_OUTREACH)
    found = vault.conn.execute(
        "SELECT cl.code FROM outreach_onward o JOIN outreach_contacts c ON c.id = o.contact_id"
        " JOIN outreach_clients cl ON cl.id = c.client_id WHERE o.id = ?",
        (onward_id,),
    ).fetchone()
    if found is None:
        raise OnwardNotFound
    try:
        client = client_row(vault, found[0], edit=True)  # another worker's: the denial is audited there
    except NotOnCaseload:
        raise OnwardNotFound from None
    with vault.transaction() as conn:
        conn.execute("UPDATE outreach_onward SET accepted = ? WHERE id = ?", (int(accepted), onward_id))
        vault.audit(
            "outreach.onward.outcome", ref=client["code"], detail="accepted" if accepted else "declined"
        )
