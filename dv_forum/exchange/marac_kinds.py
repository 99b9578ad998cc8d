"""MARAC records as they travel to the chair: a meeting (keyed by the coordinator's number for it),
its agenda (MEETING:CASE), the cases heard with what the pack shows of them, and the actions.
The chair's vault writes the meeting into its meetings list; the rest it keeps as received (see
dv_forum.exchange.chair). The chair sends back acknowledgements only."""

from __future__ import annotations

from datetime import UTC, datetime

from dv_forum.exchange import journal
from dv_forum.exchange.kinds import Kind, Values, local_row, map_row, peers, text
from dv_forum.vault.db import Connection

MEETING_FIELDS = ("date", "venue", "chair", "status")
AGENDA_FIELDS = ("meeting", "case_ref", "position", "summary")
CASE_FIELDS = (
    "referral_date",
    "victim_initials",
    "victim_age",
    "victim_gender",
    "criteria",
    "dash_score",
    "risk_band",
    "is_repeat",
    "referring_agency",
    "children",
    "idva",
)
ACTION_COLUMNS = ("agency", "owner", "description", "due_date", "status", "status_date")
ACTION_FIELDS = ("meeting", "case_ref", *ACTION_COLUMNS)
ACK_FIELDS = ("at", "by")


def _one(conn: Connection, sql: str, params: tuple[object, ...], fields: tuple[str, ...]) -> Values | None:
    row = conn.execute(sql, params).fetchone()
    return {f: text(row[i]) for i, f in enumerate(fields)} if row else None


def meeting_snapshot(conn: Connection, key: str) -> Values | None:
    return _one(conn, "SELECT date, venue, chair, status FROM meetings WHERE id = ?", (key,), MEETING_FIELDS)


def agenda_snapshot(conn: Connection, key: str) -> Values | None:
    meeting, _, ref = key.partition(":")
    return _one(
        conn,
        "SELECT a.meeting_id, r.case_ref, a.position, a.summary FROM agenda_items a"
        " JOIN referrals r ON r.id = a.referral_id WHERE a.meeting_id = ? AND r.case_ref = ?",
        (meeting, ref),
        AGENDA_FIELDS,
    )


def case_snapshot(conn: Connection, key: str) -> Values | None:
    """A case as a chair holds it: only while it is on an agenda. Taken off every agenda, it is
    gone (None), and the chair's copy is deleted with the next bundle."""
    sql = (
        f"SELECT {', '.join(CASE_FIELDS)} FROM referrals WHERE case_ref = ?"
        " AND EXISTS (SELECT 1 FROM agenda_items a WHERE a.referral_id = referrals.id)"
    )
    return _one(conn, sql, (key,), CASE_FIELDS)


def action_snapshot(conn: Connection, key: str) -> Values | None:
    return _one(
        conn,
        f"SELECT a.meeting_id, r.case_ref, {', '.join('a.' + c for c in ACTION_COLUMNS)} FROM actions a"
        " JOIN referrals r ON r.id = a.referral_id WHERE a.id = ?",
        (key,),
        ACTION_FIELDS,
    )


def ack_snapshot(conn: Connection, key: str) -> Values | None:
    values = journal.values(conn, f"ack:{key}")
    return {f: values.get(f) for f in ACK_FIELDS} if values else None


def _chairs(conn: Connection, values: Values) -> set[str]:
    return peers(conn, "chair")


def _nobody(conn: Connection, values: Values) -> set[str]:
    return set()


def meeting_materialise(conn: Connection, key: str, values: Values | None) -> None:
    record = f"meeting:{key}"
    row_id = local_row(conn, record, "meetings")
    if values is None:
        if row_id is not None:
            conn.execute("DELETE FROM meetings WHERE id = ?", (row_id,))
        return
    if not values.get("date"):
        return
    cols = (values["date"], values.get("venue"), values.get("chair"), values.get("status") or "scheduled")
    if row_id is not None and conn.execute("SELECT 1 FROM meetings WHERE id = ?", (row_id,)).fetchone():
        conn.execute(
            "UPDATE meetings SET date = ?, venue = ?, chair = ?, status = ? WHERE id = ?", (*cols, row_id)
        )
    else:
        cur = conn.execute("INSERT INTO meetings (date, venue, chair, status) VALUES (?,?,?,?)", cols)
        map_row(conn, record, "meetings", int(cur.lastrowid or 0))


def kept_as_received(conn: Connection, key: str, values: Values | None) -> None:
    """Agenda, cases, actions (at the chair) and acknowledgements (at the coordinator) are read
    from the replicated fields themselves."""


def meeting_keys(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT id FROM meetings ORDER BY date")]


def agenda_keys(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT a.meeting_id, r.case_ref FROM agenda_items a JOIN referrals r ON r.id = a.referral_id"
    )
    return [f"{r[0]}:{r[1]}" for r in rows]


def case_keys(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT r.case_ref FROM agenda_items a JOIN referrals r ON r.id = a.referral_id"
    )
    return [str(r[0]) for r in rows]


def action_keys(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT id FROM actions ORDER BY id")]


def _none(conn: Connection) -> list[str]:
    return []


def meeting_scope(conn: Connection, meeting_id: int) -> list[tuple[str, list[str]]]:
    """Every record a change to meeting MEETING_ID may touch, with those it had before."""
    mid = str(meeting_id)
    refs = [
        str(r[0])
        for r in conn.execute(
            "SELECT r.case_ref FROM agenda_items a JOIN referrals r ON r.id = a.referral_id WHERE a.meeting_id = ?",
            (meeting_id,),
        )
    ]
    had = conn.execute(
        "SELECT DISTINCT record FROM exchange_fields WHERE record LIKE ?", (f"agenda:{mid}:%",)
    )
    agenda = [f"{mid}:{r}" for r in refs] + [str(r[0]).partition(":")[2] for r in had]
    # A case taken off this agenda is looked at again too: off every agenda, it leaves the chair.
    refs += [key.partition(":")[2] for key in agenda if key.partition(":")[2] not in refs]
    actions = [str(r[0]) for r in conn.execute("SELECT id FROM actions WHERE meeting_id = ?", (meeting_id,))]
    actions += [
        str(r[0]).partition(":")[2]
        for r in conn.execute(
            "SELECT record FROM exchange_fields WHERE record LIKE 'action:%' AND field = 'meeting' AND value = ?",
            (mid,),
        )
    ]
    return [("meeting", [mid]), ("case", refs), ("agenda", agenda), ("action", actions)]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


KINDS = (
    Kind("meeting", MEETING_FIELDS, meeting_snapshot, _chairs, meeting_materialise, meeting_keys),
    Kind("agenda", AGENDA_FIELDS, agenda_snapshot, _chairs, kept_as_received, agenda_keys),
    Kind("case", CASE_FIELDS, case_snapshot, _chairs, kept_as_received, case_keys),
    Kind("action", ACTION_FIELDS, action_snapshot, _chairs, kept_as_received, action_keys),
    Kind("ack", ACK_FIELDS, ack_snapshot, _nobody, kept_as_received, _none),
)
