"""Actions agreed per case. Open actions from earlier meetings are the next meeting's outstanding
actions; an action whose due date has passed while open is overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from dv_forum.errors import UserError
from dv_forum.exchange import track
from dv_forum.marac.common import (
    bounded,
    meeting_by_id,
    now,
    require_on_agenda,
    require_unlocked,
    to_date,
)
from dv_forum.marac.model import ACTION_STATUSES, Action
from dv_forum.vault import Perm, Vault

MAX_DESCRIPTION = 1000

_SELECT = """
SELECT x.id, x.meeting_id, m.date, x.referral_id, r.case_ref, x.agency, x.owner, x.description,
       x.due_date, x.status, x.status_date
FROM actions x JOIN meetings m ON m.id = x.meeting_id JOIN referrals r ON r.id = x.referral_id
"""


def _rows(conn: Any, where: str, params: tuple[Any, ...]) -> list[Action]:
    return [Action(*r) for r in conn.execute(_SELECT + where, params)]


def action_by_id(conn: Any, action_id: int) -> Action:
    found = _rows(conn, "WHERE x.id = ?", (action_id,))
    if not found:
        raise UserError("That action no longer exists.", "Refresh the action list.")
    return found[0]


def meeting_actions(conn: Any, meeting_id: int) -> list[Action]:
    return _rows(conn, "WHERE x.meeting_id = ? ORDER BY r.case_ref, x.id", (meeting_id,))


def outstanding_rows(conn: Any, meeting_id: int) -> list[Action]:
    """Actions from earlier meetings still open, plus those whose status was reviewed at this
    meeting (so the review is visible in its minutes)."""
    meeting = meeting_by_id(conn, meeting_id)
    return _rows(
        conn,
        "WHERE m.date < ? AND (x.status = 'open' OR x.reviewed_meeting_id = ?) "
        "ORDER BY m.date, r.case_ref, x.id",
        (meeting.date, meeting_id),
    )


def overdue_rows(conn: Any, today: date) -> list[Action]:
    return _rows(
        conn,
        "WHERE x.status = 'open' AND x.due_date IS NOT NULL AND x.due_date < ? "
        "ORDER BY x.due_date, r.case_ref",
        (today.isoformat(),),
    )


def list_actions(vault: Vault, overdue: bool = False, today: date | None = None) -> list[Action]:
    vault.require(Perm.VIEW_MEETINGS)
    if overdue:
        rows = overdue_rows(vault.conn, today or date.today())
    else:
        rows = _rows(vault.conn, "ORDER BY m.date, r.case_ref, x.id", ())
    with vault.transaction():
        vault.audit("marac.actions.view", detail=f"{'overdue' if overdue else 'all'}: {len(rows)}")
    return rows


def actions_for(vault: Vault, meeting_id: int) -> list[Action]:
    vault.require(Perm.VIEW_MEETINGS)
    return meeting_actions(vault.conn, meeting_id)


def outstanding(vault: Vault, meeting_id: int) -> list[Action]:
    vault.require(Perm.VIEW_MEETINGS)
    return outstanding_rows(vault.conn, meeting_id)


def _agency(conn: Any, value: str) -> str:
    from dv_forum.marac.settings import agencies

    cleaned = " ".join((value or "").split())
    if cleaned not in agencies(conn):
        raise UserError(
            f"{cleaned[:60] or 'The agency'} is not on the MARAC agency list.",
            "Choose an agency from the list.",
        )
    return cleaned


def _due(value: str | date | None) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_date(value, "due date").isoformat()


def add_action(
    vault: Vault,
    meeting_id: int,
    referral_id: int,
    agency: str,
    description: str,
    owner: str | None = None,
    due: str | date | None = None,
) -> Action:
    vault.require(Perm.EDIT_MEETINGS)
    meeting = meeting_by_id(vault.conn, meeting_id)
    require_unlocked(meeting, "add actions")
    require_on_agenda(vault.conn, meeting_id, referral_id, "Actions")
    text = bounded(description, MAX_DESCRIPTION, "action description", required=True)
    who = bounded(owner, 80, "action owner")
    stamp = now()
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO actions (meeting_id, referral_id, agency, owner, description, due_date, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                meeting_id,
                referral_id,
                _agency(vault.conn, agency),
                who,
                text,
                _due(due),
                stamp,
                stamp,
            ),
        )
        action = action_by_id(vault.conn, int(cur.lastrowid or 0))
        vault.audit("marac.action.add", ref=action.case_ref, detail=f"meeting {meeting.date}")
        track.meeting(vault.conn, meeting_id)
    return action


def update_action(
    vault: Vault,
    action_id: int,
    agency: str,
    description: str,
    owner: str | None = None,
    due: str | date | None = None,
) -> Action:
    vault.require(Perm.EDIT_MEETINGS)
    action = action_by_id(vault.conn, action_id)
    require_unlocked(meeting_by_id(vault.conn, action.meeting_id), "edit its actions")
    text = bounded(description, MAX_DESCRIPTION, "action description", required=True)
    with vault.transaction():
        vault.conn.execute(
            "UPDATE actions SET agency = ?, owner = ?, description = ?, "
            "due_date = ?, updated_at = ? WHERE id = ?",
            (
                _agency(vault.conn, agency),
                bounded(owner, 80, "action owner"),
                text,
                _due(due),
                now(),
                action_id,
            ),
        )
        vault.audit("marac.action.edit", ref=action.case_ref, detail=f"meeting {action.meeting_date}")
        track.meeting(vault.conn, action.meeting_id)
    return action_by_id(vault.conn, action_id)


def set_status(
    vault: Vault,
    action_id: int,
    status: str,
    at_meeting_id: int | None = None,
    on: date | None = None,
) -> Action:
    """Change an action's status. Allowed after its own meeting's minutes are locked: reviewing
    actions is what the next meeting does. ``at_meeting_id`` records the reviewing meeting."""
    vault.require(Perm.EDIT_MEETINGS)
    if status not in ACTION_STATUSES:
        raise UserError(f"An action's status is one of: {', '.join(ACTION_STATUSES)}.", "Choose one.")
    action = action_by_id(vault.conn, action_id)
    if at_meeting_id is not None:
        require_unlocked(meeting_by_id(vault.conn, at_meeting_id), "review actions at it")
    with vault.transaction():
        vault.conn.execute(
            "UPDATE actions SET status = ?, status_date = ?, "
            "reviewed_meeting_id = COALESCE(?, reviewed_meeting_id), "
            "updated_at = ? WHERE id = ?",
            (
                status,
                None if status == "open" else (on or date.today()).isoformat(),
                at_meeting_id,
                now(),
                action_id,
            ),
        )
        vault.audit("marac.action.status", ref=action.case_ref, detail=status)
        track.meeting(vault.conn, action.meeting_id)
    return action_by_id(vault.conn, action_id)


def delete_action(vault: Vault, action_id: int) -> None:
    vault.require(Perm.EDIT_MEETINGS)
    action = action_by_id(vault.conn, action_id)
    require_unlocked(meeting_by_id(vault.conn, action.meeting_id), "delete its actions")
    with vault.transaction():
        vault.conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))
        vault.audit("marac.action.delete", ref=action.case_ref, detail=f"meeting {action.meeting_date}")
        track.meeting(vault.conn, action.meeting_id)
