"""The attendance grid (participants by sessions) and the follow-up calls a missed session prompts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dv_forum.errors import InputError, UserError
from dv_forum.exchange import track
from dv_forum.exchange.freedom_kinds import slot_key
from dv_forum.freedom.cohorts import Session, load_cohort, now_iso
from dv_forum.vault import Perm, Vault

MARKS = ("present", "apologies", "absent")
OUTCOMES = ("returning", "catch up next cohort", "no answer", "not safe to talk", "withdrawn", "other")


@dataclass
class GridRow:
    enrolment_id: int
    participant_code: str
    first_session: int
    catch_up: bool
    withdrawn: bool
    creche_need: bool
    marks: dict[int, str] = field(default_factory=dict)  # session number -> mark

    @property
    def attended(self) -> int:
        return sum(1 for m in self.marks.values() if m == "present")


@dataclass(frozen=True)
class Grid:
    cohort_code: str
    sessions: tuple[Session, ...]
    rows: list[GridRow]


@dataclass(frozen=True)
class FollowUp:
    id: int
    cohort_code: str
    participant_code: str
    session_number: int
    topic: str
    session_date: str
    mark: str
    made: bool
    made_date: str | None
    outcome: str | None


def load_grid(conn: Any, cohort_code: str) -> Grid:
    cohort = load_cohort(conn, cohort_code)
    rows = conn.execute(
        "SELECT e.id, p.code, e.first_session, e.catch_up, e.status, p.creche_need FROM freedom_enrolments e"
        " JOIN freedom_participants p ON p.id = e.participant_id WHERE e.cohort_id = ? ORDER BY p.code",
        (cohort.id,),
    ).fetchall()
    by_id = {r[0]: GridRow(r[0], r[1], r[2], bool(r[3]), r[4] == "withdrawn", bool(r[5])) for r in rows}
    for eid, number, mark in conn.execute(
        "SELECT a.enrolment_id, s.number, a.mark FROM freedom_attendance a JOIN freedom_sessions s"
        " ON s.id = a.session_id WHERE s.cohort_id = ?",
        (cohort.id,),
    ):
        if eid in by_id:
            by_id[eid].marks[number] = mark
    return Grid(cohort.code, cohort.sessions, list(by_id.values()))


def grid(vault: Vault, cohort_code: str) -> Grid:
    vault.require(Perm.VIEW_FREEDOM)
    result = load_grid(vault.conn, cohort_code)
    with vault.transaction():
        vault.audit("freedom.attendance.view", ref=result.cohort_code)
    return result


def store_mark(conn: Any, eid: int, session_id: int, mark: str | None, by: str) -> bool:
    """One participant's mark for one session; True when it now needs a follow-up call."""
    unmade = "DELETE FROM freedom_followups WHERE enrolment_id = ? AND session_id = ? AND made = 0"
    if mark is None:
        conn.execute(
            "DELETE FROM freedom_attendance WHERE enrolment_id = ? AND session_id = ?", (eid, session_id)
        )
        conn.execute(unmade, (eid, session_id))
        return False
    conn.execute(
        "INSERT INTO freedom_attendance (enrolment_id, session_id, mark, recorded_by, recorded_at)"
        " VALUES (?,?,?,?,?) ON CONFLICT(enrolment_id, session_id)"
        " DO UPDATE SET mark = excluded.mark,"
        " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        (eid, session_id, mark, by, now_iso()),
    )
    if mark == "present":
        conn.execute(unmade, (eid, session_id))
        return False
    conn.execute(
        "INSERT OR IGNORE INTO freedom_followups (enrolment_id, session_id) VALUES (?, ?)", (eid, session_id)
    )
    return True


def record_attendance(
    vault: Vault, cohort_code: str, session_number: int, marks: dict[str, str | None]
) -> list[str]:
    """Save one session's marks (participant code -> mark, None clears) and mark the session held.

    Every absence or apology opens a follow-up call; a later 'present' closes an unmade one.
    Returns the codes that now need a follow-up call for this session.
    """
    vault.require(Perm.RECORD_ATTENDANCE)
    bad = [
        f"{code[:20]}: '{str(m)[:12]}' is not present/apologies/absent"
        for code, m in marks.items()
        if m is not None and m not in MARKS
    ]
    if bad:
        raise InputError(bad, "The attendance")
    needing: list[str] = []
    with vault.transaction() as conn:
        cohort = load_cohort(conn, cohort_code)
        session = next((s for s in cohort.sessions if s.number == session_number), None)
        if session is None:
            raise UserError(
                f"Cohort {cohort.code} has no session {session_number}.", "Check the session number."
            )
        enrolled = {
            r[1].upper(): r[0]
            for r in conn.execute(
                "SELECT e.id, p.code FROM freedom_enrolments e"
                " JOIN freedom_participants p ON p.id = e.participant_id"
                " WHERE e.cohort_id = ?",
                (cohort.id,),
            )
        }
        unknown = [c[:20] for c in marks if c.strip().upper() not in enrolled]
        if unknown:
            raise InputError([f"{c} is not in cohort {cohort.code}" for c in unknown], "The attendance")
        for code, mark in marks.items():
            if store_mark(conn, enrolled[code.strip().upper()], session.id, mark, vault.user.name):
                needing.append(code.strip().upper())
        conn.execute("UPDATE freedom_sessions SET held = 1 WHERE id = ?", (session.id,))
        marked = [f"{cohort.code}:{code.strip().upper()}:{session_number}" for code in marks]
        track.touch_all(conn, "attendance", marked)
        vault.audit(
            "freedom.attendance.record",
            ref=cohort.code,
            detail=f"session {session_number}: {len(marks)} marks",
        )
    return needing


def follow_ups(vault: Vault, cohort_code: str | None = None, outstanding_only: bool = True) -> list[FollowUp]:
    vault.require(Perm.VIEW_FREEDOM)
    sql = (
        "SELECT f.id, c.code, p.code, s.number, s.topic, s.session_date, COALESCE(a.mark, 'absent'), f.made,"
        " f.made_date, f.outcome FROM freedom_followups f JOIN freedom_enrolments e ON e.id = f.enrolment_id"
        " JOIN freedom_cohorts c ON c.id = e.cohort_id JOIN freedom_participants p ON p.id = e.participant_id"
        " JOIN freedom_sessions s ON s.id = f.session_id"
        " LEFT JOIN freedom_attendance a ON a.enrolment_id = f.enrolment_id AND a.session_id = f.session_id"
        " WHERE 1 = 1"
    )
    params: list[Any] = []
    if cohort_code:
        sql += " AND c.code = ?"
        params.append(cohort_code.strip())
    if outstanding_only:
        sql += " AND f.made = 0 AND e.status = 'enrolled'"
    rows = vault.conn.execute(sql + " ORDER BY s.session_date, c.code, p.code", params).fetchall()
    with vault.transaction():
        vault.audit("freedom.followups.view", ref=cohort_code, detail=f"{len(rows)} calls")
    return [FollowUp(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9]) for r in rows]


def record_follow_up(vault: Vault, follow_up_id: int, outcome: str, today: date | None = None) -> None:
    """The follow-up call was made, with this outcome."""
    vault.require(Perm.RECORD_ATTENDANCE)
    if outcome not in OUTCOMES:
        raise InputError([f"outcome must be one of: {', '.join(OUTCOMES)}"], "The follow-up call")
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT c.code, f.enrolment_id, f.session_id FROM freedom_followups f"
            " JOIN freedom_enrolments e ON e.id = f.enrolment_id"
            " JOIN freedom_cohorts c ON c.id = e.cohort_id WHERE f.id = ?",
            (follow_up_id,),
        ).fetchone()
        if row is None:
            raise UserError("That follow-up call is not on the list.", "Refresh the list of calls.")
        conn.execute(
            "UPDATE freedom_followups SET made = 1, made_date = ?, made_by = ?, outcome = ? WHERE id = ?",
            ((today or date.today()).isoformat(), vault.user.name, outcome, follow_up_id),
        )
        vault.audit("freedom.followup.record", ref=row[0], detail=outcome)
        track.touch(conn, "followup", slot_key(conn, row[1], row[2]))
