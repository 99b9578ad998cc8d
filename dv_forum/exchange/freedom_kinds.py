"""Freedom Programme records as they travel: a cohort's list (sessions and who is enrolled) to the
outreach workers; each attendance mark and each follow-up call made back to the coordinator.
Marks and calls are keyed COHORT:PARTICIPANT:SESSION, the same in every vault."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dv_forum.exchange.kinds import Kind, Values, peers, text
from dv_forum.vault.db import Connection

COHORT_COLUMNS = (
    "venue_code",
    "facilitators",
    "start_date",
    "weekday",
    "start_time",
    "capacity",
    "creche",
    "started",
)
COHORT_FIELDS = (*COHORT_COLUMNS, "sessions", "members")
MARK_FIELDS = ("mark", "recorded_by", "recorded_at")
CALL_FIELDS = ("made_date", "made_by", "outcome")
_MEMBER_COLUMNS = ("enrolled_date", "first_session", "catch_up", "status")

_SLOT = (
    " FROM freedom_enrolments e JOIN freedom_cohorts c ON c.id = e.cohort_id"
    " JOIN freedom_participants p ON p.id = e.participant_id JOIN freedom_sessions s ON s.cohort_id = c.id"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def cohort_snapshot(conn: Connection, key: str) -> Values | None:
    row = conn.execute(
        f"SELECT id, {', '.join(COHORT_COLUMNS)} FROM freedom_cohorts WHERE code = ?", (key,)
    ).fetchone()
    if row is None:
        return None
    values = {f: text(row[i + 1]) for i, f in enumerate(COHORT_COLUMNS)}
    sessions = conn.execute(
        "SELECT number, topic, session_date, held FROM freedom_sessions WHERE cohort_id = ? ORDER BY number",
        (row[0],),
    ).fetchall()
    members = conn.execute(
        f"SELECT p.code, {', '.join('e.' + c for c in _MEMBER_COLUMNS)} FROM freedom_enrolments e"
        " JOIN freedom_participants p ON p.id = e.participant_id WHERE e.cohort_id = ? ORDER BY p.code",
        (row[0],),
    ).fetchall()
    values["sessions"] = json.dumps([list(s) for s in sessions])
    values["members"] = json.dumps([list(m) for m in members])
    return values


def _outreach(conn: Connection, values: Values) -> set[str]:
    return peers(conn, "outreach")


def _upsert_members(conn: Connection, cohort_id: int, members: list[list[object]]) -> None:
    for code, *rest in members:
        conn.execute(
            "INSERT OR IGNORE INTO freedom_participants (code, created_at) VALUES (?, ?)", (code, _now())
        )
        pid = conn.execute("SELECT id FROM freedom_participants WHERE code = ?", (code,)).fetchone()[0]
        conn.execute(
            f"INSERT INTO freedom_enrolments (cohort_id, participant_id, {', '.join(_MEMBER_COLUMNS)})"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (cohort_id, participant_id) DO UPDATE SET"
            " enrolled_date = excluded.enrolled_date, first_session = excluded.first_session,"
            " catch_up = excluded.catch_up, status = excluded.status",
            (cohort_id, pid, *rest),
        )


def cohort_materialise(conn: Connection, key: str, values: Values | None) -> None:
    if values is None:
        conn.execute("DELETE FROM freedom_cohorts WHERE code = ?", (key,))
        return
    if not all(values.get(c) for c in ("venue_code", "start_date", "weekday", "start_time")):
        return  # not whole yet
    cols = {c: values.get(c) for c in COHORT_COLUMNS if values.get(c) is not None}
    conn.execute(
        f"INSERT INTO freedom_cohorts (code, created_at, {', '.join(cols)})"
        f" VALUES (?, ?, {', '.join('?' * len(cols))}) ON CONFLICT (code) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in cols),
        (key, _now(), *cols.values()),
    )
    cohort_id = conn.execute("SELECT id FROM freedom_cohorts WHERE code = ?", (key,)).fetchone()[0]
    for number, topic, day, held in json.loads(values.get("sessions") or "[]"):
        conn.execute(
            "INSERT INTO freedom_sessions (cohort_id, number, topic, session_date, held) VALUES (?,?,?,?,?)"
            " ON CONFLICT (cohort_id, number) DO UPDATE SET topic = excluded.topic,"
            " session_date = excluded.session_date, held = max(held, excluded.held)",
            (cohort_id, number, topic, day, held),
        )
    _upsert_members(conn, cohort_id, json.loads(values.get("members") or "[]"))


def cohort_keys(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT code FROM freedom_cohorts ORDER BY code")]


def _slot(conn: Connection, key: str) -> tuple[int, int] | None:
    """(enrolment id, session id) of COHORT:PARTICIPANT:SESSION here, if this vault has both."""
    cohort, participant, number = (key.split(":") + ["", "", ""])[:3]
    row = conn.execute(
        "SELECT e.id, s.id" + _SLOT + " WHERE c.code = ? AND p.code = ? AND s.number = ?",
        (cohort, participant, number),
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def slot_key(conn: Connection, enrolment_id: int, session_id: int) -> str:
    row = conn.execute(
        "SELECT c.code, p.code, s.number" + _SLOT + " WHERE e.id = ? AND s.id = ?", (enrolment_id, session_id)
    ).fetchone()
    return f"{row[0]}:{row[1]}:{row[2]}"


def mark_snapshot(conn: Connection, key: str) -> Values | None:
    slot = _slot(conn, key)
    row = (
        slot
        and conn.execute(
            "SELECT mark, recorded_by, recorded_at FROM freedom_attendance WHERE enrolment_id = ? AND session_id = ?",
            slot,
        ).fetchone()
    )
    return {f: text(row[i]) for i, f in enumerate(MARK_FIELDS)} if row else None


def mark_materialise(conn: Connection, key: str, values: Values | None) -> None:
    from dv_forum.freedom.attendance import store_mark

    slot = _slot(conn, key)
    if slot is None or (values is not None and not values.get("mark")):
        return
    store_mark(
        conn,
        slot[0],
        slot[1],
        None if values is None else values["mark"],
        (values or {}).get("recorded_by") or "",
    )
    if values is not None:
        conn.execute("UPDATE freedom_sessions SET held = 1 WHERE id = ?", (slot[1],))


def mark_keys(conn: Connection) -> list[str]:
    rows = conn.execute("SELECT enrolment_id, session_id FROM freedom_attendance").fetchall()
    return [slot_key(conn, r[0], r[1]) for r in rows]


def call_snapshot(conn: Connection, key: str) -> Values | None:
    slot = _slot(conn, key)
    row = (
        slot
        and conn.execute(
            "SELECT made_date, made_by, outcome FROM freedom_followups"
            " WHERE enrolment_id = ? AND session_id = ? AND made = 1",
            slot,
        ).fetchone()
    )
    return {f: text(row[i]) for i, f in enumerate(CALL_FIELDS)} if row else None


def call_materialise(conn: Connection, key: str, values: Values | None) -> None:
    slot = _slot(conn, key)
    if slot is None or values is None or not values.get("outcome"):
        return
    conn.execute("INSERT OR IGNORE INTO freedom_followups (enrolment_id, session_id) VALUES (?, ?)", slot)
    conn.execute(
        "UPDATE freedom_followups SET made = 1, made_date = ?, made_by = ?, outcome = ?"
        " WHERE enrolment_id = ? AND session_id = ?",
        (values.get("made_date"), values.get("made_by"), values.get("outcome"), *slot),
    )


def call_keys(conn: Connection) -> list[str]:
    rows = conn.execute("SELECT enrolment_id, session_id FROM freedom_followups WHERE made = 1").fetchall()
    return [slot_key(conn, r[0], r[1]) for r in rows]


def _nobody(conn: Connection, values: Values) -> set[str]:
    return set()  # marks and calls go to the coordinator only


KINDS = (
    Kind("cohort", COHORT_FIELDS, cohort_snapshot, _outreach, cohort_materialise, cohort_keys),
    Kind("attendance", MARK_FIELDS, mark_snapshot, _nobody, mark_materialise, mark_keys),
    Kind("followup", CALL_FIELDS, call_snapshot, _nobody, call_materialise, call_keys),
)
