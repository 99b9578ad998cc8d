"""Figures the outreach service watches: what is due, caseloads, speed to first contact, and
contacts by type and locality. Every function keeps to what the user may see."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from dv_forum.dates import shown
from dv_forum.outreach.access import view_scope
from dv_forum.outreach.settings import DUE_HORIZON_DAYS, FIRST_CONTACT_DAYS, RISK_REVIEW_WEEKS
from dv_forum.outreach.vocab import NO_ANSWER
from dv_forum.settings import get_setting
from dv_forum.vault import Vault

FOLLOW_UP = "follow-up"
FIRST_CONTACT = "first contact"
RISK_REVIEW = "risk review"


@dataclass(frozen=True)
class DueItem:
    kind: str  # follow-up / first contact / risk review
    client_code: str
    worker: str
    due_date: str
    overdue: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ClientState:
    """What the due rules need to know about one open client."""

    code: str
    worker: str
    referral_date: str
    first_contact: str | None
    last_contact: str | None
    next_contact: str | None  # from the latest contact
    last_review: str | None  # date-time of the latest risk review
    incident_after_review: str | None


# Contacts made: an unanswered attempt is kept on the record but is not a contact with the client.
MADE = f" AND c.type <> '{NO_ANSWER}'"


def _scoped(vault: Vault, worker: str | None) -> tuple[str, list[Any]]:
    scope = view_scope(vault, worker)
    return (" AND cl.worker = ?", [scope]) if scope is not None else ("", [])


def client_states(vault: Vault, worker: str | None = None) -> list[ClientState]:
    where, params = _scoped(vault, worker)
    rows = vault.conn.execute(
        "SELECT cl.code, cl.worker, cl.referral_date,"
        " (SELECT min(at) FROM outreach_contacts c WHERE c.client_id = cl.id" + MADE + "),"
        " (SELECT max(at) FROM outreach_contacts c WHERE c.client_id = cl.id" + MADE + "),"
        " (SELECT next_contact FROM outreach_contacts c WHERE c.client_id = cl.id"
        "   ORDER BY at DESC, id DESC LIMIT 1),"
        " (SELECT max(at) FROM outreach_contacts c WHERE c.client_id = cl.id AND c.risk_review = 1)"
        " AS last_review,"
        " (SELECT max(at) FROM outreach_contacts c WHERE c.client_id = cl.id AND c.new_incident = 1"
        "   AND c.risk_review = 0) AS last_incident"
        " FROM outreach_clients cl WHERE cl.status = 'open'" + where + " ORDER BY cl.code",
        params,
    ).fetchall()
    out = []
    for r in rows:
        incident = r[7] if r[7] and (r[6] is None or r[7] > r[6]) else None
        out.append(ClientState(r[0], r[1], r[2], r[3], r[4], r[5], r[6], incident))
    return out


def due_items(state: ClientState, today: date, first_days: int, review_weeks: int) -> list[DueItem]:
    """The rules, for one client, without a horizon."""
    items: list[DueItem] = []
    t = today.isoformat()

    def item(kind: str, day: str, reason: str) -> None:
        items.append(DueItem(kind, state.code, state.worker, day, day < t, reason))

    if state.first_contact is None:
        day = (date.fromisoformat(state.referral_date) + timedelta(days=first_days)).isoformat()
        item(FIRST_CONTACT, day, f"referred {shown(state.referral_date)}, no contact yet")
    elif state.next_contact:
        item(FOLLOW_UP, state.next_contact, "next contact date set at the last contact")
    if state.incident_after_review:
        item(RISK_REVIEW, state.incident_after_review[:10], "new incident since the last risk review")
    elif state.last_review:
        day = (date.fromisoformat(state.last_review[:10]) + timedelta(weeks=review_weeks)).isoformat()
        item(RISK_REVIEW, day, f"{review_weeks} weeks since the last risk review")
    elif state.first_contact is not None:
        item(RISK_REVIEW, state.first_contact[:10], "no risk review recorded")
    return items


def due(
    vault: Vault, worker: str | None = None, today: date | None = None, horizon_days: int | None = None
) -> list[DueItem]:
    """Everything due within the horizon or overdue, earliest first."""
    day = today or date.today()
    conn = vault.conn
    horizon = get_setting(conn, DUE_HORIZON_DAYS) if horizon_days is None else horizon_days
    limit = (day + timedelta(days=horizon)).isoformat()
    first_days = get_setting(conn, FIRST_CONTACT_DAYS)
    weeks = get_setting(conn, RISK_REVIEW_WEEKS)
    items = [
        i
        for s in client_states(vault, worker)
        for i in due_items(s, day, first_days, weeks)
        if i.due_date <= limit
    ]
    items.sort(key=lambda i: (i.due_date, i.client_code, i.kind))
    with vault.transaction():
        vault.audit("outreach.due.view", detail=f"{len(items)} items")
    return items


def caseload(vault: Vault, worker: str | None = None, today: date | None = None) -> list[dict[str, Any]]:
    """Per worker: open clients, contacts in the last 28 days, items overdue, risk reviews due."""
    day = today or date.today()
    conn = vault.conn
    first_days = get_setting(conn, FIRST_CONTACT_DAYS)
    weeks = get_setting(conn, RISK_REVIEW_WEEKS)
    where, params = _scoped(vault, worker)
    per: dict[str, Counter[str]] = {}
    for s in client_states(vault, worker):
        c = per.setdefault(s.worker, Counter())
        c["open_clients"] += 1
        for i in due_items(s, day, first_days, weeks):
            if i.overdue:
                c["overdue"] += 1
            if i.kind == RISK_REVIEW and i.due_date <= day.isoformat():
                c["risk_reviews_due"] += 1
    since = (day - timedelta(days=28)).isoformat()
    for w, n in conn.execute(
        "SELECT c.worker, count(*) FROM outreach_contacts c JOIN outreach_clients cl ON cl.id = c.client_id"
        " WHERE c.at >= ?" + MADE + where + " GROUP BY c.worker",
        [since, *params],
    ):
        per.setdefault(w, Counter())["contacts_28_days"] += n
    with vault.transaction():
        vault.audit("outreach.caseload.view", detail=f"{len(per)} workers")
    keys = ("open_clients", "contacts_28_days", "overdue", "risk_reviews_due")
    return [{"worker": w, **{k: per[w][k] for k in keys}} for w in sorted(per, key=str.casefold)]


def first_contact_times(
    vault: Vault, start: date | None = None, end: date | None = None, worker: str | None = None
) -> dict[str, Any]:
    """Days from referral to first contact for clients referred in [start, end]."""
    where, params = _scoped(vault, worker)
    sql = (
        "SELECT cl.referral_date,"
        " (SELECT min(at) FROM outreach_contacts c WHERE c.client_id = cl.id" + MADE + ")"
        " FROM outreach_clients cl WHERE 1 = 1" + where
    )
    if start:
        sql += " AND cl.referral_date >= ?"
        params.append(start.isoformat())
    if end:
        sql += " AND cl.referral_date <= ?"
        params.append(end.isoformat())
    days = []
    waiting = 0
    for referred, first in vault.conn.execute(sql, params):
        if first is None:
            waiting += 1
        else:
            days.append((date.fromisoformat(first[:10]) - date.fromisoformat(referred)).days)
    with vault.transaction():
        vault.audit("outreach.figures.view", detail="first contact times")
    return {
        "clients": len(days) + waiting,
        "contacted": len(days),
        "not_yet_contacted": waiting,
        "median_days": statistics.median(days) if days else None,
        "mean_days": round(statistics.fmean(days), 1) if days else None,
        "max_days": max(days) if days else None,
    }


def contacts_by(
    vault: Vault, start: date | None = None, end: date | None = None, worker: str | None = None
) -> dict[str, dict[str, int]]:
    """Contact counts by type and by the client's locality, in [start, end]."""
    where, params = _scoped(vault, worker)
    sql = (
        "SELECT c.type, COALESCE(cl.locality, 'Not recorded') FROM outreach_contacts c"
        " JOIN outreach_clients cl ON cl.id = c.client_id WHERE 1 = 1" + where
    )
    if start:
        sql += " AND c.at >= ?"
        params.append(start.isoformat())
    if end:
        sql += " AND c.at < ?"
        params.append((end + timedelta(days=1)).isoformat())
    by_type: Counter[str] = Counter()
    by_locality: Counter[str] = Counter()
    for kind, locality in vault.conn.execute(sql, params):
        by_type[kind] += 1
        by_locality[locality] += 1
    with vault.transaction():
        vault.audit("outreach.figures.view", detail="contacts by type and locality")
    return {"by_type": dict(by_type.most_common()), "by_locality": dict(by_locality.most_common())}
