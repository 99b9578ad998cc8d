"""Outreach contacts and the onward referrals made during them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dv_forum.dates import parse_date
from dv_forum.errors import InputError, UserError
from dv_forum.outreach.access import check_worker, client_row
from dv_forum.outreach.clients import now_iso, split_list
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, NOTES_MAX, SAFETY_PLAN
from dv_forum.vault import Perm, Vault

_AT = re.compile(r"^(.+?)[ T](\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class Onward:
    agency: str
    referred_date: str
    accepted: bool | None = None
    id: int = 0


@dataclass(frozen=True)
class Contact:
    id: int
    client_code: str
    at: str
    worker: str
    type: str
    safe: bool
    duration_min: int | None
    risk_review: bool
    dash_score: int | None
    new_incident: bool
    safety_plan: str
    issues: tuple[str, ...]
    barriers_met: tuple[str, ...]
    next_contact: str | None
    notes: str | None
    onward: tuple[Onward, ...] = field(default_factory=tuple)


def parse_when(value: str | datetime) -> str:
    """'2026-03-01 14:30' or '01/03/2026 14:30' -> '2026-03-01T14:30'."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    m = _AT.match((value or "").strip())
    if not m or int(m.group(2)) > 23 or int(m.group(3)) > 59:
        raise ValueError(f"'{(value or '')[:20]}' is not a date and time (use 2026-03-01 14:30)")
    return f"{parse_date(m.group(1)).isoformat()}T{int(m.group(2)):02d}:{m.group(3)}"


def _day(value: str | date | None, what: str, problems: list[str]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return (value if isinstance(value, date) else parse_date(value)).isoformat()
    except ValueError as exc:
        problems.append(f"{what}: {exc}")
        return None


def _pick(values: Iterable[str], allowed: tuple[str, ...], what: str, problems: list[str]) -> str:
    chosen = [v.strip() for v in values if v.strip()]
    problems += [f"'{v[:30]}' is not a known {what}" for v in chosen if v not in allowed]
    return ";".join(dict.fromkeys(chosen))


def _columns(v: dict[str, Any], problems: list[str]) -> tuple[dict[str, Any], list[Onward]]:
    """Check a whole contact (record_contact's arguments, by name) and turn it into column values
    and onward referrals. An onward referral given as an agency name alone, or with no date, is
    dated the day of the contact."""
    try:
        when = parse_when(v["at"])
    except ValueError as exc:
        problems.append(f"date and time: {exc}")
        when = ""
    kind, duration, dash = v["type"], v["duration_min"], v["dash_score"]
    if kind not in CONTACT_TYPES:
        problems.append(f"contact type must be one of: {', '.join(CONTACT_TYPES)}")
    if duration is not None and not 0 <= duration <= 720:
        problems.append("duration must be 0-720 minutes")
    if dash is not None and not 0 <= dash <= 40:
        problems.append("a DASH score is 0-40")
    if dash is not None and not v["risk_review"]:
        problems.append("a new DASH score needs the risk review ticked")
    if v["safety_plan"] not in SAFETY_PLAN:
        problems.append(f"safety plan must be one of: {', '.join(SAFETY_PLAN)}")
    issue_text = _pick(v["issues"], ISSUES, "issue", problems)
    barrier_text = _pick(v["barriers_met"], BARRIERS, "access barrier", problems)
    nxt = _day(v["next_contact"], "next contact date", problems)
    if nxt and when and nxt < when[:10]:
        problems.append("the next contact date is before this contact")
    text = (v["notes"] or "").strip() or None
    if text and len(text) > NOTES_MAX:
        problems.append(f"notes are longer than {NOTES_MAX} characters")
    onward: list[Onward] = []
    for given in v["onward"]:
        o = Onward(given, "") if isinstance(given, str) else given
        if not o.agency.strip() or len(o.agency) > 60:
            problems.append("an onward referral needs an agency (up to 60 characters)")
        day = _day(o.referred_date, "onward referral date", problems) or when[:10]
        onward.append(Onward(o.agency.strip(), day, o.accepted, o.id))
    cols = {
        "at": when,
        "type": kind,
        "safe": int(bool(v["safe"])),
        "duration_min": duration,
        "risk_review": int(bool(v["risk_review"])),
        "dash_score": dash,
        "new_incident": int(bool(v["new_incident"])),
        "safety_plan": v["safety_plan"],
        "issues": issue_text,
        "barriers_met": barrier_text,
        "next_contact": nxt,
        "notes": text,
    }
    return cols, onward


def _insert_onward(conn: Any, contact_id: int, o: Onward) -> None:
    conn.execute(
        "INSERT INTO outreach_onward (contact_id, agency, referred_date, accepted) VALUES (?,?,?,?)",
        (contact_id, o.agency, o.referred_date, None if o.accepted is None else int(o.accepted)),
    )


def record_contact(
    vault: Vault,
    client_code: str,
    *,
    at: str | datetime,
    type: str,  # noqa: A002 - the domain's word
    safe: bool,
    duration_min: int | None = None,
    risk_review: bool = False,
    dash_score: int | None = None,
    new_incident: bool = False,
    safety_plan: str = "none",
    issues: Iterable[str] = (),
    barriers_met: Iterable[str] = (),
    onward: Iterable[Onward | str] = (),
    next_contact: str | date | None = None,
    notes: str | None = None,
    worker: str | None = None,
) -> int:
    """Record one contact with a client on this user's caseload; returns the contact id.
    ``onward``: Onward referrals, or agency names (referred the day of the contact)."""
    row = client_row(vault, client_code, edit=True)
    owner = check_worker(vault, worker)
    values = {
        "at": at,
        "type": type,
        "safe": safe,
        "duration_min": duration_min,
        "risk_review": risk_review,
        "dash_score": dash_score,
        "new_incident": new_incident,
        "safety_plan": safety_plan,
        "issues": issues,
        "barriers_met": barriers_met,
        "onward": onward,
        "next_contact": next_contact,
        "notes": notes,
    }
    problems: list[str] = []
    cols, onward_rows = _columns(values, problems)
    if problems:
        raise InputError(problems, "The contact")
    cols.update(client_id=row["id"], worker=owner, created_at=now_iso())
    with vault.transaction() as conn:
        cur = conn.execute(
            f"INSERT INTO outreach_contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(cols.values()),  # keys come from _columns, never from input
        )
        contact_id = int(cur.lastrowid or 0)
        for o in onward_rows:
            _insert_onward(conn, contact_id, o)
        vault.audit("outreach.contact.add", ref=row["code"], detail=type)
    return contact_id


def load_contacts(conn: Any, client_id: int, code: str) -> list[Contact]:
    onward: dict[int, list[Onward]] = {}
    for r in conn.execute(
        "SELECT o.id, o.contact_id, o.agency, o.referred_date, o.accepted FROM outreach_onward o"
        " JOIN outreach_contacts c ON c.id = o.contact_id WHERE c.client_id = ? ORDER BY o.id",
        (client_id,),
    ):
        accepted = None if r[4] is None else bool(r[4])
        onward.setdefault(r[1], []).append(Onward(r[2], r[3], accepted, r[0]))
    rows = conn.execute(
        "SELECT * FROM outreach_contacts WHERE client_id = ? ORDER BY at DESC, id DESC", (client_id,)
    ).fetchall()
    return [
        Contact(
            id=r["id"],
            client_code=code,
            at=r["at"],
            worker=r["worker"],
            type=r["type"],
            safe=bool(r["safe"]),
            duration_min=r["duration_min"],
            risk_review=bool(r["risk_review"]),
            dash_score=r["dash_score"],
            new_incident=bool(r["new_incident"]),
            safety_plan=r["safety_plan"],
            issues=split_list(r["issues"]),
            barriers_met=split_list(r["barriers_met"]),
            next_contact=r["next_contact"],
            notes=r["notes"],
            onward=tuple(onward.get(r["id"], ())),
        )
        for r in rows
    ]


def contacts_for(vault: Vault, client_code: str) -> list[Contact]:
    """A client's contacts, newest first (notes included: audited as a view)."""
    row = client_row(vault, client_code)
    with vault.transaction():
        vault.audit("outreach.contacts.view", ref=row["code"])
    return load_contacts(vault.conn, row["id"], row["code"])


def set_onward_outcome(vault: Vault, onward_id: int, accepted: bool) -> None:
    """Record whether the other agency took the onward referral."""
    vault.require(Perm.EDIT_OWN_OUTREACH)
    found = vault.conn.execute(
        "SELECT cl.code FROM outreach_onward o JOIN outreach_contacts c ON c.id = o.contact_id"
        " JOIN outreach_clients cl ON cl.id = c.client_id WHERE o.id = ?",
        (onward_id,),
    ).fetchone()
    if found is None:
        raise UserError("That onward referral is not on record.", "Refresh the client's contacts.")
    client = client_row(vault, found[0], edit=True)
    with vault.transaction() as conn:
        conn.execute("UPDATE outreach_onward SET accepted = ? WHERE id = ?", (int(accepted), onward_id))
        vault.audit(
            "outreach.onward.outcome", ref=client["code"], detail="accepted" if accepted else "declined"
        )
