"""Meetings: one-off or recurring (fortnightly, or monthly on a weekday), held and approved."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from dv_forum.errors import UserError
from dv_forum.exchange import track
from dv_forum.marac.common import (
    meeting_by_date,
    meeting_by_id,
    meeting_row,
    now,
    require_unlocked,
    to_date,
)
from dv_forum.marac.model import Meeting
from dv_forum.vault import Perm, Vault

_VENUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,19}$")
MAX_SERIES = 52


def _venue(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    if not _VENUE.match(cleaned):
        # A code, never an address: short, and no commas or house numbers with street names.
        raise UserError(
            "A venue must be a short code (up to 20 letters, digits, space . _ / -).",
            "Use the venue's code, for example CV-HUB, not its address.",
        )
    return cleaned


def _chair(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    cleaned = " ".join(value.split())
    if len(cleaned) > 60:
        raise UserError("The chair's name is longer than 60 characters.", "Shorten it.")
    return cleaned


def list_meetings(vault: Vault, since: str | None = None) -> list[Meeting]:
    vault.require(Perm.VIEW_MEETINGS)
    sql = "SELECT id, date, venue, chair, status, series_id FROM meetings"
    params: list[Any] = []
    if since:
        sql += " WHERE date >= ?"
        params.append(to_date(since).isoformat())
    return [meeting_row(r) for r in vault.conn.execute(sql + " ORDER BY date", params)]


def get_meeting(vault: Vault, when: str | date) -> Meeting:
    vault.require(Perm.VIEW_MEETINGS)
    return meeting_by_date(vault.conn, when)


def _insert(vault: Vault, day: date, venue: str | None, chair: str | None, series_id: int | None) -> int:
    exists = vault.conn.execute("SELECT 1 FROM meetings WHERE date = ?", (day.isoformat(),)).fetchone()
    if exists:
        raise UserError(f"There is already a meeting on {day.isoformat()}.", "Choose another date.")
    cur = vault.conn.execute(
        "INSERT INTO meetings (date, venue, chair, series_id) VALUES (?, ?, ?, ?)",
        (day.isoformat(), venue, chair, series_id),
    )
    track.meeting(vault.conn, int(cur.lastrowid or 0))
    return int(cur.lastrowid or 0)


def add_meeting(
    vault: Vault, when: str | date, venue: str | None = None, chair: str | None = None
) -> Meeting:
    vault.require(Perm.EDIT_MEETINGS)
    day = to_date(when, "meeting date")
    with vault.transaction():
        mid = _insert(vault, day, _venue(venue), _chair(chair), None)
        vault.audit("marac.meeting.add", ref=day.isoformat())
    return meeting_by_id(vault.conn, mid)


def series_dates(start: date, pattern: str, count: int, weekday: int | None = None) -> list[date]:
    """Dates of a recurring series. ``weekday`` (Monday = 0) defaults to the start's weekday; the
    first date is the first such weekday on or after ``start``. Monthly series keep the start's
    week of the month (1st..4th, or the last when the start is in the month's final 7 days)."""
    if pattern not in ("fortnightly", "monthly"):
        raise UserError("A series is 'fortnightly' or 'monthly'.", "Choose one of them.")
    if not 1 <= count <= MAX_SERIES:
        raise UserError(f"A series has 1 to {MAX_SERIES} meetings.", "Change the number of meetings.")
    wd = start.weekday() if weekday is None else weekday
    first = start + timedelta(days=(wd - start.weekday()) % 7)
    if pattern == "fortnightly":
        return [first + timedelta(days=14 * i) for i in range(count)]
    last_days = calendar.monthrange(first.year, first.month)[1]
    nth = 5 if first.day > last_days - 7 else (first.day - 1) // 7 + 1
    out = []
    year, month = first.year, first.month
    for _ in range(count):
        out.append(nth_weekday(year, month, wd, nth))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-4) given weekday of a month; nth=5 means the last one."""
    days = calendar.monthrange(year, month)[1]
    if nth == 5:
        last = date(year, month, days)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def schedule_series(
    vault: Vault,
    start: str | date,
    pattern: str,
    count: int,
    venue: str | None = None,
    chair: str | None = None,
    weekday: int | None = None,
) -> list[Meeting]:
    """Create a recurring series. Dates that already have a meeting are skipped, not doubled."""
    vault.require(Perm.EDIT_MEETINGS)
    first = to_date(start, "start date")
    dates = series_dates(first, pattern, count, weekday)
    v, c = _venue(venue), _chair(chair)
    made: list[int] = []
    with vault.transaction():
        nth = None if pattern == "fortnightly" else _week_of_month(dates[0])
        cur = vault.conn.execute(
            "INSERT INTO meeting_series (pattern, weekday, week_of_month, start_date, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (pattern, dates[0].weekday(), nth, dates[0].isoformat(), now()),
        )
        sid = int(cur.lastrowid or 0)
        for day in dates:
            if vault.conn.execute("SELECT 1 FROM meetings WHERE date = ?", (day.isoformat(),)).fetchone():
                continue
            made.append(_insert(vault, day, v, c, sid))
        vault.audit(
            "marac.meeting.series",
            ref=dates[0].isoformat(),
            detail=f"{pattern}, {len(made)} meetings",
        )
    return [meeting_by_id(vault.conn, m) for m in made]


def _week_of_month(day: date) -> int:
    days = calendar.monthrange(day.year, day.month)[1]
    return 5 if day.day > days - 7 else (day.day - 1) // 7 + 1


def update_meeting(
    vault: Vault,
    meeting_id: int,
    venue: str | None = None,
    chair: str | None = None,
    new_date: str | date | None = None,
) -> Meeting:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting)
    day = to_date(new_date, "meeting date").isoformat() if new_date else meeting.date
    with vault.transaction():
        if (
            day != meeting.date
            and vault.conn.execute("SELECT 1 FROM meetings WHERE date = ?", (day,)).fetchone()
        ):
            raise UserError(f"There is already a meeting on {day}.", "Choose another date.")
        vault.conn.execute(
            "UPDATE meetings SET date = ?, venue = ?, chair = ? WHERE id = ?",
            (day, _venue(venue), _chair(chair), meeting_id),
        )
        vault.audit("marac.meeting.edit", ref=day)
        track.meeting(vault.conn, meeting_id)
    return meeting_by_id(vault.conn, meeting_id)


def delete_meeting(vault: Vault, meeting_id: int) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    if meeting.status != "scheduled":
        raise UserError("Only a meeting that has not been held can be deleted.", "Keep it on record.")
    with vault.transaction():
        vault.conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        vault.audit("marac.meeting.delete", ref=meeting.date)
        track.meeting(vault.conn, meeting_id)


def mark_held(vault: Vault, meeting_id: int, today: date | None = None) -> Meeting:
    """Record that the meeting took place: its agenda cases count as heard on its date.

    A meeting still to come cannot be held: its cases would get a heard date in the future,
    which feeds NI 32.

    This writes referrals.heard_date/meeting_id (a cases-area table) for the agenda's cases only,
    and only where not already set, so an imported heard date is never overwritten.
    """
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting)
    if date.fromisoformat(meeting.date) > (today or date.today()):
        raise UserError(
            f"The meeting on {date.fromisoformat(meeting.date):%d/%m/%Y} has not happened yet.",
            "Mark it as held on the day of the meeting or after.",
        )
    with vault.transaction():
        vault.conn.execute("UPDATE meetings SET status = 'held' WHERE id = ?", (meeting_id,))
        vault.conn.execute(
            "UPDATE referrals SET heard_date = ?, meeting_id = ? WHERE heard_date IS NULL "
            "AND id IN (SELECT referral_id FROM agenda_items WHERE meeting_id = ?)",
            (meeting.date, meeting_id, meeting_id),
        )
        vault.audit("marac.meeting.held", ref=meeting.date)
        track.meeting(vault.conn, meeting_id)
    return meeting_by_id(vault.conn, meeting_id)


def approve_minutes(vault: Vault, meeting_id: int) -> Meeting:
    """Approve and lock the minutes. Only a held meeting can be approved; there is no unlock."""
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    if meeting.status == "approved":
        return meeting
    if meeting.status != "held":
        raise UserError(
            "Minutes can only be approved after the meeting is marked as held.",
            "Mark the meeting as held first.",
        )
    with vault.transaction():
        vault.conn.execute(
            "UPDATE meetings SET status = 'approved', approved_at = ?, approved_by = ? WHERE id = ?",
            (now(), vault.user.name, meeting_id),
        )
        vault.audit("marac.minutes.approve", ref=meeting.date)
        track.meeting(vault.conn, meeting_id)
    return meeting_by_id(vault.conn, meeting_id)


def next_meeting(vault: Vault, today: date | None = None) -> Meeting | None:
    vault.require(Perm.VIEW_MEETINGS)
    day = (today or date.today()).isoformat()
    row = vault.conn.execute(
        "SELECT id, date, venue, chair, status, series_id FROM meetings WHERE date >= ? "
        "ORDER BY date LIMIT 1",
        (day,),
    ).fetchone()
    return meeting_row(row) if row else None
