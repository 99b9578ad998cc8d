"""The agenda: proposed from new referrals, edited and ordered by the coordinator, and the list of
cases whose last MARAC was 12 months ago."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from dv_forum.cases import criteria
from dv_forum.cases.fields import gender_words
from dv_forum.cases.incremental import lapsed_between
from dv_forum.cases.recompute import ensure_current
from dv_forum.errors import UserError
from dv_forum.exchange import track
from dv_forum.marac.common import (
    bounded,
    case_id,
    case_ref,
    meeting_by_id,
    previous_meeting,
    require_unlocked,
)
from dv_forum.marac.model import CaseRow, LapsedCase, Meeting, Proposal
from dv_forum.vault import Perm, Vault

MAX_SUMMARY = 1500

# The last referral's date for a repeat: the referral it repeats, else a MARAC held elsewhere.
_CASE_SQL = """
SELECT a.position, r.id, r.case_ref, r.referral_date, r.victim_initials, r.victim_age,
       r.victim_gender,
       r.criteria, r.dash_score, r.risk_band, r.is_repeat,
       COALESCE(prev.referral_date, r.repeat_outside_date, r.previous_marac_date),
       r.referring_agency, r.children, r.idva, a.summary,
       (SELECT t.marac FROM case_transfers t WHERE t.referral_id = r.id AND t.direction = 'in'
        ORDER BY t.id DESC LIMIT 1),
       r.serial_perp,
       (r.perpetrator_id IS NOT NULL)
       + (SELECT count(*) FROM case_perpetrators cp WHERE cp.referral_id = r.id),
       r.pj_band, r.police_incidents_12m,
       r.victim_aware, r.consent,
       (SELECT group_concat(who, '; ') FROM (
            SELECT COALESCE(r.perp_gender, '?') || ',' || COALESCE(r.perp_age, '?') AS who
            WHERE r.perpetrator_id IS NOT NULL
            UNION ALL
            SELECT * FROM (SELECT COALESCE(cp.gender, '?') || ',' || COALESCE(cp.age, '?')
                           FROM case_perpetrators cp WHERE cp.referral_id = r.id ORDER BY cp.position))),
       (SELECT group_concat(age, ', ') FROM (
            SELECT CASE WHEN c.expected THEN 'expected' ELSE COALESCE(c.age, '?') END AS age
            FROM case_children c WHERE c.referral_id = r.id ORDER BY c.position))
FROM agenda_items a
JOIN referrals r ON r.id = a.referral_id
LEFT JOIN referrals prev ON prev.id = r.repeat_of
WHERE a.meeting_id = ?
ORDER BY a.position, r.case_ref
"""


def _people(text: str | None) -> str:
    """ "M,34; ?,?" -> "Male, 34; gender and age not recorded" (the pack's perpetrator line)."""
    out = []
    for part in (text or "").split("; "):
        if not part:
            continue
        gender, _, age = part.partition(",")
        words = [gender_words(None if gender == "?" else gender) or "", "" if age == "?" else age]
        said = ", ".join(w for w in words if w)
        out.append(said or "gender and age not recorded")
    return "; ".join(out)


def _criteria(r: Any, escalation: int) -> str:
    """The criteria the case meets, ticked or shown by its record (dv_forum.cases.criteria)."""
    row = {
        "criteria": r[7],
        "dash_score": r[8],
        "is_repeat": r[10],
        "pj_band": r[19],
        "police_incidents_12m": r[20],
    }
    return ";".join(criteria.met(row, escalation))


def case_rows(conn: Any, meeting_id: int) -> list[CaseRow]:
    """The agenda's cases, unchecked and unaudited: for builders that already did both."""
    escalation = criteria.escalation_incidents(conn)
    return [
        CaseRow(
            position=r[0],
            referral_id=r[1],
            case_ref=r[2],
            referral_date=r[3],
            initials=r[4],
            age=r[5],
            gender=r[6],
            criteria=_criteria(r, escalation),
            dash_score=r[8],
            risk_band=r[9],
            is_repeat=bool(r[10]),
            last_referral_date=r[11] if r[10] else None,
            referring_agency=r[12],
            children=r[13],
            idva=r[14],
            summary=r[15],
            transferred_from=r[16],
            serial_perp=bool(r[17]),
            perpetrators=int(r[18]),
            victim_aware=r[21],
            consent=r[22],
            perpetrator_details=_people(r[23]),
            children_ages=(r[24] or "").replace("?", "age not known"),
        )
        for r in conn.execute(_CASE_SQL, (meeting_id,))
    ]


def agenda(vault: Vault, meeting_id: int) -> list[CaseRow]:
    vault.require(Perm.VIEW_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    with vault.transaction() as conn:
        ensure_current(conn)  # the repeat and serial flags shown are those of the current rules
        rows = case_rows(conn, meeting_id)
        vault.audit("marac.agenda.view", ref=meeting.date, detail=f"{len(rows)} cases")
    return rows


def propose_rows(conn: Any, meeting: Meeting) -> list[Proposal]:
    prev = previous_meeting(conn, meeting)
    rows = conn.execute(
        "SELECT r.id, r.case_ref, r.referral_date, r.is_repeat FROM referrals r "
        "WHERE r.status = 'open' AND r.heard_date IS NULL AND r.meeting_id IS NULL "
        "AND r.referral_date <= ? "
        "AND NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.referral_id = r.id) "
        "ORDER BY r.referral_date, r.case_ref",
        (meeting.date,),
    ).fetchall()
    return [Proposal(r[0], r[1], r[2], bool(r[3]), prev is not None and r[2] <= prev.date) for r in rows]


def propose(vault: Vault, meeting_id: int) -> list[Proposal]:
    """Referrals received up to the meeting date, not yet heard and on no agenda. Those received
    before the previous meeting are included (flagged) so an unheard case is never dropped."""
    vault.require(Perm.VIEW_MEETINGS)
    return propose_rows(vault.conn, meeting_by_id(vault.conn, meeting_id))


def _next_position(conn: Any, meeting_id: int) -> int:
    row = conn.execute(
        "SELECT MAX(position) FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
    ).fetchone()
    return int(row[0] or 0) + 1


def place_heard(conn: Any, heard: Iterable[tuple[int, int | None]], today: date) -> None:
    """Imported history agrees with itself: each referral heard at a meeting goes on that meeting's
    agenda (after the cases already there, in the order given), and a meeting in the past that
    heard cases is marked held, so packs, `meetings list` and the returns give the same cases."""
    placed: dict[int, int] = {}
    rows = []
    for rid, mid in heard:
        if mid is None:
            continue
        if mid not in placed:
            placed[mid] = _next_position(conn, mid) - 1
        placed[mid] += 1
        rows.append((mid, rid, placed[mid]))
    conn.executemany(
        "INSERT OR IGNORE INTO agenda_items (meeting_id, referral_id, position) VALUES (?, ?, ?)", rows
    )
    conn.executemany(
        "UPDATE meetings SET status = 'held' WHERE id = ? AND status = 'scheduled' AND date <= ?",
        [(mid, today.isoformat()) for mid in placed],
    )
    for mid in placed:
        track.meeting(conn, mid)


def _editable(vault: Vault, meeting_id: int) -> Meeting:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "change its agenda")
    return meeting


def add_cases(vault: Vault, meeting_id: int, referral_ids: list[int]) -> int:
    """Append referrals to the agenda (those already on it are left where they are)."""
    meeting = _editable(vault, meeting_id)
    added = 0
    with vault.transaction():
        for rid in referral_ids:
            ref = case_ref(vault.conn, rid)
            elsewhere = vault.conn.execute(
                "SELECT m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
                "WHERE a.referral_id = ? AND a.meeting_id != ?",
                (rid, meeting_id),
            ).fetchone()
            if elsewhere:
                raise UserError(
                    f"Case {ref} is already on the agenda for {elsewhere[0]}.",
                    "Remove it from that meeting first.",
                )
            cur = vault.conn.execute(
                "INSERT OR IGNORE INTO agenda_items (meeting_id, referral_id, position) VALUES (?, ?, ?)",
                (meeting_id, rid, _next_position(vault.conn, meeting_id)),
            )
            if cur.rowcount:
                added += 1
                vault.audit("marac.agenda.add", ref=ref, detail=f"meeting {meeting.date}")
        track.meeting(vault.conn, meeting_id)
    return added


def add_case(vault: Vault, meeting_id: int, ref: str) -> int:
    return add_cases(vault, meeting_id, [case_id(vault.conn, ref)])


def accept_proposal(vault: Vault, meeting_id: int) -> int:
    meeting = _editable(vault, meeting_id)
    return add_cases(vault, meeting_id, [p.referral_id for p in propose_rows(vault.conn, meeting)])


def remove_case(vault: Vault, meeting_id: int, referral_id: int) -> None:
    meeting = _editable(vault, meeting_id)
    used = vault.conn.execute(
        "SELECT 1 FROM actions WHERE meeting_id = ? AND referral_id = ? UNION ALL "
        "SELECT 1 FROM minutes WHERE meeting_id = ? AND referral_id = ? AND info_shared != ''",
        (meeting_id, referral_id, meeting_id, referral_id),
    ).fetchone()
    if used:
        raise UserError(
            "This case already has actions or minutes at this meeting.",
            "Delete those first if the case was not heard.",
        )
    with vault.transaction():
        vault.conn.execute(
            "DELETE FROM agenda_items WHERE meeting_id = ? AND referral_id = ?",
            (meeting_id, referral_id),
        )
        _renumber(vault.conn, meeting_id)
        track.meeting(vault.conn, meeting_id)
        vault.audit(
            "marac.agenda.remove",
            ref=case_ref(vault.conn, referral_id),
            detail=f"meeting {meeting.date}",
        )


def _renumber(conn: Any, meeting_id: int, order: list[int] | None = None) -> None:
    ids = order or [
        r[0]
        for r in conn.execute(
            "SELECT referral_id FROM agenda_items WHERE meeting_id = ? ORDER BY position",
            (meeting_id,),
        )
    ]
    for pos, rid in enumerate(ids, start=1):
        conn.execute(
            "UPDATE agenda_items SET position = ? WHERE meeting_id = ? AND referral_id = ?",
            (pos, meeting_id, rid),
        )


def reorder(vault: Vault, meeting_id: int, referral_ids: list[int]) -> None:
    """Set the whole order at once (what a drag or a keyboard move produces)."""
    meeting = _editable(vault, meeting_id)
    current = {
        r[0]
        for r in vault.conn.execute(
            "SELECT referral_id FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
        )
    }
    if set(referral_ids) != current or len(referral_ids) != len(current):
        raise UserError("The agenda changed while you were ordering it.", "Refresh and try again.")
    with vault.transaction():
        _renumber(vault.conn, meeting_id, referral_ids)
        vault.audit("marac.agenda.reorder", ref=meeting.date)
        track.meeting(vault.conn, meeting_id)


def move(vault: Vault, meeting_id: int, referral_id: int, offset: int) -> list[int]:
    """Move one case up (negative) or down (positive); returns the new order."""
    order = [
        r[0]
        for r in vault.conn.execute(
            "SELECT referral_id FROM agenda_items WHERE meeting_id = ? ORDER BY position",
            (meeting_id,),
        )
    ]
    if referral_id not in order:
        raise UserError("That case is not on this agenda.", "Refresh the agenda.")
    i = order.index(referral_id)
    j = max(0, min(len(order) - 1, i + offset))
    order.insert(j, order.pop(i))
    reorder(vault, meeting_id, order)
    return order


def set_summary(vault: Vault, meeting_id: int, referral_id: int, text: str | None) -> None:
    """The anonymised summary printed on the case's pack page. Write it without names."""
    meeting = _editable(vault, meeting_id)
    value = bounded(text, MAX_SUMMARY, "summary")
    with vault.transaction():
        cur = vault.conn.execute(
            "UPDATE agenda_items SET summary = ? WHERE meeting_id = ? AND referral_id = ?",
            (value, meeting_id, referral_id),
        )
        if not cur.rowcount:
            raise UserError("That case is not on this agenda.", "Refresh the agenda.")
        track.meeting(vault.conn, meeting_id)
        vault.audit(
            "marac.agenda.summary",
            ref=case_ref(vault.conn, referral_id),
            detail=f"meeting {meeting.date}",
        )


def lapsed_rows(conn: Any, meeting: Meeting) -> list[LapsedCase]:
    """Cases whose repeat window closed since the previous meeting (before the month before, without
    one): the repeat rule's own unit, anchor and months decide, so a case is listed at the first
    meeting where a new referral would no longer be a repeat (one source of truth)."""
    this_day = date.fromisoformat(meeting.date)
    prev = previous_meeting(conn, meeting)
    start = date.fromisoformat(prev.date) if prev else this_day - relativedelta(months=1)
    # A window whose last day was the previous meeting's day was still open then: listed now.
    found = lapsed_between(conn, this_day, start - relativedelta(days=1))
    if not found:
        return []
    refs = [ref for ref, _anchor, _end in found]
    info = {
        r[1]: r
        for r in conn.execute(
            "SELECT id, case_ref, victim_initials, heard_date, referral_date, referring_agency FROM referrals"
            f" WHERE case_ref IN ({', '.join('?' for _ in refs)})",  # noqa: S608 - placeholders only
            refs,
        )
    }
    return [
        LapsedCase(info[ref][0], ref, info[ref][2], info[ref][3] or info[ref][4], info[ref][5])
        for ref in refs
        if ref in info
    ]


def lapsed(vault: Vault, meeting_id: int) -> list[LapsedCase]:
    vault.require(Perm.VIEW_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    rows = lapsed_rows(vault.conn, meeting)
    with vault.transaction():
        vault.audit("marac.lapsed.view", ref=meeting.date, detail=f"{len(rows)} cases")
    return rows
