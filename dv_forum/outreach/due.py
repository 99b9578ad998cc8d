"""Outreach on the Home screen: how many follow-ups are overdue and how many are due today.

A follow-up here is anything on the Outreach screen's Due list (a next contact, a first contact, a
risk review), worked out by the same rules (figures.due_items) over the same clients: an outreach
worker's own, everyone's for the coordinator, none for a role without outreach. Counts only: no
client code, worker or date leaves this module, so it is not audited as a view of client records.
"""

from __future__ import annotations

from datetime import date

from dv_forum.outreach.figures import client_states, due_items
from dv_forum.outreach.settings import FIRST_CONTACT_DAYS, RISK_REVIEW_WEEKS
from dv_forum.session import DueItem
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Vault

OVERDUE = "Overdue outreach follow-ups"
DUE_TODAY = "Outreach follow-ups due today"


def counts(vault: Vault, today: date) -> tuple[int, int]:
    """(overdue, due today) over the open clients this user may see; (0, 0) for a role without
    outreach, checked first so that opening Home is not a denial."""
    if not vault.can(Perm.VIEW_OWN_OUTREACH):
        return 0, 0
    first_days = get_setting(vault.conn, FIRST_CONTACT_DAYS)
    weeks = get_setting(vault.conn, RISK_REVIEW_WEEKS)
    day = today.isoformat()
    overdue = due_today = 0
    for state in client_states(vault):
        for item in due_items(state, today, first_days, weeks):
            if item.overdue:
                overdue += 1
            elif item.due_date == day:
                due_today += 1
    return overdue, due_today


def items(vault: Vault, today: date) -> list[DueItem]:
    """The Home screen's outreach items; none for a role without outreach."""
    if not vault.can(Perm.VIEW_OWN_OUTREACH):
        return []
    overdue, due_today = counts(vault, today)
    return [
        DueItem(OVERDUE, str(overdue), "outreach", "due"),
        DueItem(DUE_TODAY, str(due_today), "outreach", "due"),
    ]
