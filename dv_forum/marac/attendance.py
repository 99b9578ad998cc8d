"""Who came: agencies (present with a name, apologies, information sent) and observers, who must
sign the confidentiality agreement."""

from __future__ import annotations

from typing import Any

from dv_forum import lists
from dv_forum.errors import UserError
from dv_forum.marac.common import bounded, meeting_by_id, require_unlocked
from dv_forum.marac.model import ATTENDANCE_STATUSES, Attendance, Observer
from dv_forum.marac.settings import AGENCY_KIND, agencies
from dv_forum.vault import Perm, Vault


def attendance_rows(conn: Any, meeting_id: int) -> list[Attendance]:
    return [
        Attendance(r[0], r[1], r[2], r[3], r[4])
        for r in conn.execute(
            "SELECT id, agency, status, name, position FROM attendance WHERE meeting_id = ? "
            "ORDER BY position, agency",
            (meeting_id,),
        )
    ]


def observer_rows(conn: Any, meeting_id: int) -> list[Observer]:
    return [
        Observer(r[0], r[1], r[2], bool(r[3]))
        for r in conn.execute(
            "SELECT id, name, organisation, confidentiality_signed "
            "FROM observers WHERE meeting_id = ? "
            "ORDER BY id",
            (meeting_id,),
        )
    ]


def attendance(vault: Vault, meeting_id: int) -> list[Attendance]:
    vault.require(Perm.VIEW_MEETINGS)
    meeting_by_id(vault.conn, meeting_id)
    return attendance_rows(vault.conn, meeting_id)


def observers(vault: Vault, meeting_id: int) -> list[Observer]:
    vault.require(Perm.VIEW_MEETINGS)
    meeting_by_id(vault.conn, meeting_id)
    return observer_rows(vault.conn, meeting_id)


def set_attendance(
    vault: Vault, meeting_id: int, agency: str, status: str, name: str | None = None
) -> Attendance:
    """Record one agency's attendance (insert or update). The agency must be on the agency list."""
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "change its attendance")
    if status not in ATTENDANCE_STATUSES:
        raise UserError(f"Attendance must be one of: {', '.join(ATTENDANCE_STATUSES)}.", "Choose one.")
    known = agencies(vault.conn)
    agency = agency.strip()
    if agency not in known:
        raise UserError(f"{agency[:60]} is not on the MARAC agency list.", "Add it to the agency list first.")
    person = bounded(name, 80, "representative's name")
    with vault.transaction():
        vault.conn.execute(
            "INSERT INTO attendance (meeting_id, agency, status, "
            "name, position) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(meeting_id, agency) DO UPDATE SET status = "
            "excluded.status, name = excluded.name",
            (meeting_id, agency, status, person, known.index(agency)),
        )
        vault.audit("marac.attendance.edit", ref=meeting.date, detail=f"{agency}: {status}")
    return next(a for a in attendance_rows(vault.conn, meeting_id) if a.agency == agency)


def remove_attendance(vault: Vault, meeting_id: int, agency: str) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "change its attendance")
    with vault.transaction():
        vault.conn.execute("DELETE FROM attendance WHERE meeting_id = ? AND agency = ?", (meeting_id, agency))
        vault.audit("marac.attendance.edit", ref=meeting.date, detail=f"{agency}: removed")


def add_observer(
    vault: Vault, meeting_id: int, name: str, organisation: str | None = None, signed: bool = False
) -> Observer:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "change its observers")
    who = bounded(name, 80, "observer's name", required=True)
    org = bounded(organisation, 80, "observer's organisation")
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO observers (meeting_id, name, organisation, "
            "confidentiality_signed) VALUES (?, ?, ?, ?)",
            (meeting_id, who, org, int(signed)),
        )
        vault.audit("marac.observer.add", ref=meeting.date, detail=f"signed={int(signed)}")
    return Observer(int(cur.lastrowid or 0), str(who), org, signed)


def set_observer_signed(vault: Vault, observer_id: int, signed: bool) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    row = vault.conn.execute("SELECT meeting_id FROM observers WHERE id = ?", (observer_id,)).fetchone()
    if row is None:
        raise UserError("That observer is no longer recorded.", "Refresh the attendance.")
    meeting = meeting_by_id(vault.conn, row[0])
    require_unlocked(meeting, "change its observers")
    with vault.transaction():
        vault.conn.execute(
            "UPDATE observers SET confidentiality_signed = ? WHERE id = ?",
            (int(signed), observer_id),
        )
        vault.audit("marac.observer.edit", ref=meeting.date, detail=f"signed={int(signed)}")


def remove_observer(vault: Vault, observer_id: int) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    row = vault.conn.execute("SELECT meeting_id FROM observers WHERE id = ?", (observer_id,)).fetchone()
    if row is None:
        return
    meeting = meeting_by_id(vault.conn, row[0])
    require_unlocked(meeting, "change its observers")
    with vault.transaction():
        vault.conn.execute("DELETE FROM observers WHERE id = ?", (observer_id,))
        vault.audit("marac.observer.remove", ref=meeting.date)


def set_agency_list(vault: Vault, values: list[str]) -> list[str]:
    """Replace the MARAC agency list (order kept). Agencies in past attendance stay on record."""
    vault.require(Perm.EDIT_MEETINGS)
    cleaned = [" ".join(v.split()) for v in values if v.strip()]
    if not cleaned:
        raise UserError("The agency list cannot be empty.", "Keep at least one agency.")
    too_long = [v for v in cleaned if len(v) > 60]
    if too_long:
        raise UserError("An agency name is longer than 60 characters.", "Shorten it.")
    with vault.transaction():
        lists.set_list(vault.conn, AGENCY_KIND, cleaned)
        vault.audit("marac.agencies.edit", detail=f"{len(cleaned)} agencies")
    return agencies(vault.conn)
