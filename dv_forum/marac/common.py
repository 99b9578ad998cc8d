"""Helpers shared by the MARAC modules: lookups, validation and the approved-minutes lock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from dv_forum.dates import parse_date
from dv_forum.errors import UserError
from dv_forum.marac.model import Meeting

_MEETING_COLS = "id, date, venue, chair, status, series_id"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_date(value: str | date, what: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UserError(f"The {what} is not valid: {exc}.", "Use 2026-03-12 or 12/03/2026.") from None


def meeting_row(row: Any) -> Meeting:
    return Meeting(row[0], row[1], row[2], row[3], row[4], row[5])


def meeting_by_id(conn: Any, meeting_id: int) -> Meeting:
    row = conn.execute(f"SELECT {_MEETING_COLS} FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
    if row is None:
        raise UserError("That meeting no longer exists.", "Refresh the meeting list.")
    return meeting_row(row)


def meeting_by_date(conn: Any, when: str | date) -> Meeting:
    day = to_date(when, "meeting date").isoformat()
    row = conn.execute(f"SELECT {_MEETING_COLS} FROM meetings WHERE date = ?", (day,)).fetchone()
    if row is None:
        raise UserError(
            f"There is no MARAC meeting on {day}.", "List meetings with 'dv-forum meetings list'."
        )
    return meeting_row(row)


def previous_meeting(conn: Any, meeting: Meeting) -> Meeting | None:
    row = conn.execute(
        f"SELECT {_MEETING_COLS} FROM meetings WHERE date < ? ORDER BY date DESC LIMIT 1",
        (meeting.date,),
    ).fetchone()
    return meeting_row(row) if row else None


def require_unlocked(meeting: Meeting, what: str = "change it") -> None:
    if meeting.locked:
        raise UserError(
            f"The minutes of the {meeting.date} meeting are approved and locked, so you cannot {what}.",
            "Record new information at the next meeting.",
        )


def require_on_agenda(conn: Any, meeting_id: int, referral_id: int, what: str) -> None:
    """Actions and minutes belong to a case heard at that meeting; ``what`` names the record."""
    on_agenda = conn.execute(
        "SELECT 1 FROM agenda_items WHERE meeting_id = ? AND referral_id = ?",
        (meeting_id, referral_id),
    ).fetchone()
    if not on_agenda:
        raise UserError(
            f"{what} can only be recorded for a case on this meeting's agenda.", "Add the case first."
        )


def bounded(text: str | None, limit: int, what: str, required: bool = False) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise UserError(f"The {what} is empty.", f"Enter the {what}.")
        return None
    if len(cleaned) > limit:
        raise UserError(
            f"The {what} is {len(cleaned)} characters; the limit is {limit}.",
            "Shorten it and try again.",
        )
    return cleaned


def case_id(conn: Any, case_ref: str) -> int:
    row = conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (case_ref.strip(),)).fetchone()
    if row is None:
        raise UserError(f"There is no referral {case_ref.strip()[:30]}.", "Check the case reference.")
    return int(row[0])


def case_ref(conn: Any, referral_id: int) -> str:
    row = conn.execute("SELECT case_ref FROM referrals WHERE id = ?", (referral_id,)).fetchone()
    if row is None:
        raise UserError("That referral no longer exists.", "Refresh the agenda.")
    return str(row[0])
