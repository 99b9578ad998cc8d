"""Participants, enrolment (including rolling entry and catch-up places) and the waiting list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dv_forum.errors import UserError
from dv_forum.exchange import track
from dv_forum.freedom.codes import case_ref, check_code, next_code, referral_id
from dv_forum.freedom.cohorts import Cohort, load_cohort, now_iso
from dv_forum.vault import Perm, Vault


@dataclass(frozen=True)
class Participant:
    id: int
    code: str
    case_ref: str | None
    referral_source: str | None
    creche_need: bool


@dataclass(frozen=True)
class Enrolment:
    id: int
    cohort_code: str
    participant_code: str
    enrolled_date: str
    first_session: int
    catch_up: bool
    status: str


@dataclass(frozen=True)
class WaitingEntry:
    participant_code: str
    added_date: str
    status: str
    creche_need: bool
    offered_cohort: str | None
    offered_date: str | None


def _today(today: date | None) -> date:
    return today or date.today()


def load_participant(conn: Any, code: str) -> Participant:
    row = conn.execute(
        "SELECT * FROM freedom_participants WHERE code = ?", ((code or "").strip(),)
    ).fetchone()
    if row is None:
        raise UserError(
            f"There is no participant {(code or '').strip()[:20]}.", "Check the participant code."
        )
    return Participant(
        row["id"],
        row["code"],
        case_ref(conn, row["referral_id"]),
        row["referral_source"],
        bool(row["creche_need"]),
    )


def add_participant(
    vault: Vault,
    *,
    code: str | None = None,
    case: str | None = None,
    referral_source: str | None = None,
    creche_need: bool = False,
    today: date | None = None,
) -> str:
    """Register a participant under a pseudonymous code; ``case`` optionally links a referral."""
    vault.require(Perm.EDIT_FREEDOM)
    source = (referral_source or "").strip()[:60] or None
    with vault.transaction() as conn:
        the_code = (
            check_code(code, "participant")
            if code
            else next_code(conn, "freedom_participants", f"P-{_today(today).year}-", 3)
        )
        if conn.execute("SELECT 1 FROM freedom_participants WHERE code = ?", (the_code,)).fetchone():
            raise UserError(f"There is already a participant {the_code}.", "Choose another code.")
        conn.execute(
            "INSERT INTO freedom_participants (code, referral_id, referral_source, creche_need, created_at)"
            " VALUES (?,?,?,?,?)",
            (the_code, referral_id(conn, case), source, int(creche_need), now_iso()),
        )
        vault.audit("freedom.participant.add", ref=the_code)
    return the_code


def active_count(conn: Any, cohort_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM freedom_enrolments WHERE cohort_id = ? AND status = 'enrolled'",
            (cohort_id,),
        ).fetchone()[0]
    )


def _outstanding_offers(conn: Any, cohort_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM freedom_waiting WHERE offered_cohort = ? AND status = 'offered'",
            (cohort_id,),
        ).fetchone()[0]
    )


def _enrol(
    conn: Any, vault: Vault, cohort: Cohort, person: Participant, day: date, *, offered: bool
) -> Enrolment:
    if conn.execute(
        "SELECT 1 FROM freedom_enrolments WHERE cohort_id = ? AND participant_id = ?", (cohort.id, person.id)
    ).fetchone():
        raise UserError(f"{person.code} is already in cohort {cohort.code}.", "Nothing to do.")
    held_offers = 0 if offered else _outstanding_offers(conn, cohort.id)
    if active_count(conn, cohort.id) + held_offers >= cohort.capacity:
        raise UserError(
            f"Cohort {cohort.code} is full ({cohort.capacity} places, counting offers made).",
            "Add her to the waiting list instead.",
        )
    nxt = cohort.next_session()
    if nxt is None:
        raise UserError(
            f"Every session of cohort {cohort.code} has been held.", "Enrol her in a later cohort."
        )
    # A participant already in an earlier cohort comes back to catch up what she missed there.
    earlier = conn.execute(
        "SELECT 1 FROM freedom_enrolments WHERE participant_id = ? AND catch_up = 0", (person.id,)
    ).fetchone()
    catch_up = earlier is not None
    cur = conn.execute(
        "INSERT INTO freedom_enrolments (cohort_id, participant_id, enrolled_date, first_session, catch_up)"
        " VALUES (?,?,?,?,?)",
        (cohort.id, person.id, day.isoformat(), nxt.number, int(catch_up)),
    )
    conn.execute(
        "UPDATE freedom_waiting SET status = 'accepted', offered_cohort = ? WHERE participant_id = ?"
        " AND status IN ('waiting', 'offered')",
        (cohort.id, person.id),
    )
    kind = "catch-up" if catch_up else ("rolling entry" if nxt.number > 1 else "enrolled")
    vault.audit("freedom.enrol", ref=cohort.code, detail=f"{person.code} {kind} from session {nxt.number}")
    track.touch(conn, "cohort", cohort.code)
    return Enrolment(
        int(cur.lastrowid or 0), cohort.code, person.code, day.isoformat(), nxt.number, catch_up, "enrolled"
    )


def enrol(vault: Vault, cohort_code: str, participant_code: str, today: date | None = None) -> Enrolment:
    """Enrol from the next session not yet held: rolling entry if the cohort is under way, a catch-up
    place if she was in an earlier cohort."""
    vault.require(Perm.EDIT_FREEDOM)
    with vault.transaction() as conn:
        cohort = load_cohort(conn, cohort_code)
        person = load_participant(conn, participant_code)
        return _enrol(conn, vault, cohort, person, _today(today), offered=False)


def withdraw(vault: Vault, cohort_code: str, participant_code: str) -> None:
    vault.require(Perm.EDIT_FREEDOM)
    with vault.transaction() as conn:
        cohort = load_cohort(conn, cohort_code)
        person = load_participant(conn, participant_code)
        cur = conn.execute(
            "UPDATE freedom_enrolments SET status = 'withdrawn' WHERE cohort_id = ? AND participant_id = ?",
            (cohort.id, person.id),
        )
        if cur.rowcount == 0:
            raise UserError(f"{person.code} is not in cohort {cohort.code}.", "Check the codes.")
        vault.audit("freedom.withdraw", ref=cohort.code, detail=person.code)
        track.touch(conn, "cohort", cohort.code)


def enrolments(conn: Any, cohort_id: int) -> list[Enrolment]:
    rows = conn.execute(
        "SELECT e.id, c.code AS cc, p.code AS pc, e.enrolled_date, e.first_session, e.catch_up, e.status"
        " FROM freedom_enrolments e JOIN freedom_cohorts c ON c.id = e.cohort_id"
        " JOIN freedom_participants p ON p.id = e.participant_id WHERE e.cohort_id = ? ORDER BY p.code",
        (cohort_id,),
    ).fetchall()
    return [Enrolment(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]


# ----- waiting list -----


def add_to_waiting(vault: Vault, participant_code: str, today: date | None = None) -> None:
    vault.require(Perm.EDIT_FREEDOM)
    day = _today(today).isoformat()
    with vault.transaction() as conn:
        person = load_participant(conn, participant_code)
        conn.execute(
            "INSERT INTO freedom_waiting (participant_id, added_date) VALUES (?, ?)"
            " ON CONFLICT(participant_id)"
            " DO UPDATE SET added_date = excluded.added_date, status = 'waiting', offered_cohort = NULL,"
            " offered_date = NULL",
            (person.id, day),
        )
        vault.audit("freedom.waiting.add", ref=person.code)


def waiting_list(vault: Vault, include_done: bool = False) -> list[WaitingEntry]:
    """Oldest first: places are offered in this order."""
    vault.require(Perm.VIEW_FREEDOM)
    where = "" if include_done else " WHERE w.status IN ('waiting', 'offered')"
    rows = vault.conn.execute(
        "SELECT p.code, w.added_date, w.status, p.creche_need, c.code, w.offered_date FROM freedom_waiting w"
        " JOIN freedom_participants p ON p.id = w.participant_id"
        " LEFT JOIN freedom_cohorts c ON c.id = w.offered_cohort" + where + " ORDER BY w.added_date, w.id"
    ).fetchall()
    with vault.transaction():
        vault.audit("freedom.waiting.view", detail=f"{len(rows)} entries")
    return [WaitingEntry(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]


def offer_places(vault: Vault, cohort_code: str, today: date | None = None) -> list[str]:
    """Offer the cohort's free places to the waiting list, oldest first. Someone who needs a creche
    is passed over (and keeps her place in the queue) when the cohort has none."""
    vault.require(Perm.EDIT_FREEDOM)
    day = _today(today).isoformat()
    offered: list[str] = []
    with vault.transaction() as conn:
        cohort = load_cohort(conn, cohort_code)
        if cohort.next_session() is None:
            return []
        free = cohort.capacity - active_count(conn, cohort.id) - _outstanding_offers(conn, cohort.id)
        rows = conn.execute(
            "SELECT w.id, p.code, p.creche_need FROM freedom_waiting w JOIN freedom_participants p"
            " ON p.id = w.participant_id WHERE w.status = 'waiting' ORDER BY w.added_date, w.id"
        ).fetchall()
        for wid, pcode, creche_need in rows:
            if free <= 0:
                break
            if creche_need and not cohort.creche:
                continue
            conn.execute(
                "UPDATE freedom_waiting SET status = 'offered', offered_cohort = ?, offered_date = ?"
                " WHERE id = ?",
                (cohort.id, day, wid),
            )
            offered.append(pcode)
            free -= 1
        vault.audit("freedom.waiting.offer", ref=cohort.code, detail=f"{len(offered)} places offered")
    return offered


def start_cohort(vault: Vault, cohort_code: str, today: date | None = None) -> list[str]:
    """Mark the cohort started and offer its free places to the waiting list."""
    vault.require(Perm.EDIT_FREEDOM)
    with vault.transaction() as conn:
        cohort = load_cohort(conn, cohort_code)
        conn.execute("UPDATE freedom_cohorts SET started = 1 WHERE id = ?", (cohort.id,))
        vault.audit("freedom.cohort.start", ref=cohort.code)
        track.touch(conn, "cohort", cohort.code)
        return offer_places(vault, cohort.code, today)


def answer_offer(
    vault: Vault, participant_code: str, accept: bool, today: date | None = None
) -> Enrolment | None:
    """Accepting enrols her in the offered cohort; declining takes her off the list."""
    vault.require(Perm.EDIT_FREEDOM)
    with vault.transaction() as conn:
        person = load_participant(conn, participant_code)
        row = conn.execute(
            "SELECT c.code FROM freedom_waiting w JOIN freedom_cohorts c ON c.id = w.offered_cohort"
            " WHERE w.participant_id = ? AND w.status = 'offered'",
            (person.id,),
        ).fetchone()
        if row is None:
            raise UserError(
                f"{person.code} has no place on offer.", "Offer places from the waiting list first."
            )
        if not accept:
            conn.execute(
                "UPDATE freedom_waiting SET status = 'declined' WHERE participant_id = ?", (person.id,)
            )
            vault.audit("freedom.waiting.decline", ref=row[0], detail=person.code)
            return None
        return _enrol(conn, vault, load_cohort(conn, row[0]), person, _today(today), offered=True)
