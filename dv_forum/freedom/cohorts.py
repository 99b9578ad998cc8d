"""Cohorts and their session lists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dv_forum.dates import parse_date
from dv_forum.errors import InputError, UserError
from dv_forum.exchange import track
from dv_forum.freedom import sessions as presets
from dv_forum.freedom.codes import check_code, next_code
from dv_forum.freedom.settings import DEFAULT_CAPACITY
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Vault

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_VENUE = re.compile(r"^[A-Za-z0-9-]{1,12}$")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Session:
    id: int
    number: int
    topic: str
    date: str
    held: bool


@dataclass(frozen=True)
class Cohort:
    id: int
    code: str
    venue_code: str
    facilitators: tuple[str, ...]
    start_date: str
    weekday: int
    start_time: str
    capacity: int
    creche: bool
    started: bool
    sessions: tuple[Session, ...]

    @property
    def end_date(self) -> str:
        return self.sessions[-1].date if self.sessions else self.start_date

    @property
    def held(self) -> int:
        return sum(1 for s in self.sessions if s.held)

    def status(self, today: date) -> str:
        """planned / running / finished, from what has happened rather than a stored flag."""
        t = today.isoformat()
        if (self.sessions and self.held == len(self.sessions)) or self.end_date < t:
            return "finished"
        if self.started or self.held or self.start_date <= t:
            return "running"
        return "planned"

    def next_session(self) -> Session | None:
        return next((s for s in self.sessions if not s.held), None)


def _check_time(text: str) -> str:
    m = _TIME.match((text or "").strip())
    if not m:
        raise InputError([f"time '{(text or '')[:10]}' is not a time like 10:00"], "The cohort")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _check_topics(topics: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if topics is None:
        return presets.DEFAULT
    cleaned = tuple(" ".join(t.split()) for t in topics if t.strip())
    problems = []
    if not 1 <= len(cleaned) <= presets.MAX_SESSIONS:
        problems.append(f"a cohort needs 1-{presets.MAX_SESSIONS} sessions")
    if any(len(t) > 80 for t in cleaned):
        problems.append("a session name is longer than 80 characters")
    if len({presets.topic_key(t) for t in cleaned}) != len(cleaned):
        problems.append("two sessions have the same name")
    if problems:
        raise InputError(problems, "The session list")
    return cleaned


def _check_venue_and_start(venue_code: str, start: str | date) -> tuple[str, date]:
    problems = []
    venue = (venue_code or "").strip().upper()
    if not _VENUE.match(venue):
        problems.append("the venue code must be 1-12 letters, digits or hyphens (never an address)")
    try:
        start_day = start if isinstance(start, date) else parse_date(start)
    except ValueError as exc:
        problems.append(f"start date: {exc}")
        start_day = date.today()
    if problems:
        raise InputError(problems, "The cohort")
    return venue, start_day


def create_cohort(
    vault: Vault,
    venue_code: str,
    start: str | date,
    start_time: str,
    *,
    code: str | None = None,
    facilitators: list[str] | tuple[str, ...] = (),
    topics: list[str] | tuple[str, ...] | None = None,
    capacity: int | None = None,
    creche: bool = False,
) -> str:
    """Set up a cohort with weekly sessions from ``start``; returns its code."""
    vault.require(Perm.EDIT_FREEDOM)
    venue, start_day = _check_venue_and_start(venue_code, start)
    time_text = _check_time(start_time)
    names = _check_topics(topics)
    cap = int(capacity if capacity is not None else get_setting(vault.conn, DEFAULT_CAPACITY))
    if not 1 <= cap <= 60:
        raise InputError(["capacity must be 1-60"], "The cohort")
    facil = ";".join(f.strip() for f in facilitators if f.strip())
    with vault.transaction() as conn:
        the_code = (
            check_code(code, "cohort")
            if code
            else next_code(conn, "freedom_cohorts", f"FP-{start_day.year}-", 2)
        )
        if conn.execute("SELECT 1 FROM freedom_cohorts WHERE code = ?", (the_code,)).fetchone():
            raise UserError(f"There is already a cohort {the_code}.", "Choose another code.")
        cur = conn.execute(
            "INSERT INTO freedom_cohorts (code, venue_code, facilitators, start_date, weekday, start_time,"
            " capacity, creche, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                the_code,
                venue,
                facil,
                start_day.isoformat(),
                start_day.weekday(),
                time_text,
                cap,
                int(creche),
                now_iso(),
            ),
        )
        cohort_id = cur.lastrowid
        for n, topic in enumerate(names, start=1):
            conn.execute(
                "INSERT INTO freedom_sessions (cohort_id, number, topic, session_date) VALUES (?,?,?,?)",
                (cohort_id, n, topic, (start_day + timedelta(weeks=n - 1)).isoformat()),
            )
        vault.audit("freedom.cohort.create", ref=the_code, detail=f"{len(names)} sessions")
        track.touch(conn, "cohort", the_code)
    return the_code


def load_cohort(conn: Any, code: str) -> Cohort:
    """Read a cohort without permission checks or audit (callers do both)."""
    row = conn.execute("SELECT * FROM freedom_cohorts WHERE code = ?", ((code or "").strip(),)).fetchone()
    if row is None:
        raise UserError(
            f"There is no cohort {(code or '').strip()[:20]}.",
            "List cohorts with 'dv-forum freedom cohorts'.",
        )
    return _cohort(conn, row)


def _cohort(conn: Any, row: Any) -> Cohort:
    sess = conn.execute(
        "SELECT id, number, topic, session_date, held FROM freedom_sessions WHERE cohort_id = ?"
        " ORDER BY number",
        (row["id"],),
    ).fetchall()
    return Cohort(
        id=row["id"],
        code=row["code"],
        venue_code=row["venue_code"],
        facilitators=tuple(f for f in row["facilitators"].split(";") if f),
        start_date=row["start_date"],
        weekday=row["weekday"],
        start_time=row["start_time"],
        capacity=row["capacity"],
        creche=bool(row["creche"]),
        started=bool(row["started"]),
        sessions=tuple(Session(s[0], s[1], s[2], s[3], bool(s[4])) for s in sess),
    )


def all_cohorts(conn: Any) -> list[Cohort]:
    rows = conn.execute("SELECT * FROM freedom_cohorts ORDER BY start_date DESC, code").fetchall()
    return [_cohort(conn, r) for r in rows]


def get_cohort(vault: Vault, code: str) -> Cohort:
    vault.require(Perm.VIEW_FREEDOM)
    cohort = load_cohort(vault.conn, code)
    with vault.transaction():
        vault.audit("freedom.cohort.view", ref=cohort.code)
    return cohort


def set_session_date(vault: Vault, code: str, number: int, when: str | date) -> None:
    """Move one session (a holiday week); later sessions keep their own dates."""
    vault.require(Perm.EDIT_FREEDOM)
    try:
        day = when if isinstance(when, date) else parse_date(when)
    except ValueError as exc:
        raise InputError([str(exc)], "The session date") from None
    with vault.transaction() as conn:
        cohort = load_cohort(conn, code)
        cur = conn.execute(
            "UPDATE freedom_sessions SET session_date = ? WHERE cohort_id = ? AND number = ?",
            (day.isoformat(), cohort.id, number),
        )
        if cur.rowcount == 0:
            raise UserError(f"Cohort {cohort.code} has no session {number}.", "Check the session number.")
        vault.audit("freedom.session.move", ref=cohort.code, detail=f"session {number}")
        track.touch(conn, "cohort", cohort.code)
