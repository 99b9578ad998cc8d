"""Minutes per case: the information shared (bounded). Approved minutes are locked (see
meetings.approve_minutes; the schema's triggers enforce the lock too)."""

from __future__ import annotations

from typing import Any

from dv_forum.marac.common import bounded, case_ref, meeting_by_id, now, require_on_agenda, require_unlocked
from dv_forum.vault import Perm, Vault

MAX_MINUTES = 4000


def minutes_rows(conn: Any, meeting_id: int) -> dict[int, str]:
    return {
        int(r[0]): str(r[1])
        for r in conn.execute(
            "SELECT referral_id, info_shared FROM minutes WHERE meeting_id = ?", (meeting_id,)
        )
    }


def get_minutes(vault: Vault, meeting_id: int) -> dict[int, str]:
    vault.require(Perm.VIEW_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    rows = minutes_rows(vault.conn, meeting_id)
    with vault.transaction():
        vault.audit("marac.minutes.view", ref=meeting.date)
    return rows


def set_minutes(vault: Vault, meeting_id: int, referral_id: int, text: str) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "change its minutes")
    require_on_agenda(vault.conn, meeting_id, referral_id, "Minutes")
    value = bounded(text, MAX_MINUTES, "information shared") or ""
    with vault.transaction():
        vault.conn.execute(
            "INSERT INTO minutes (meeting_id, referral_id, "
            "info_shared, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(meeting_id, referral_id) DO UPDATE SET "
            "info_shared = excluded.info_shared, "
            "updated_at = excluded.updated_at",
            (meeting_id, referral_id, value, now()),
        )
        vault.audit(
            "marac.minutes.edit",
            ref=case_ref(vault.conn, referral_id),
            detail=f"meeting {meeting.date}",
        )
