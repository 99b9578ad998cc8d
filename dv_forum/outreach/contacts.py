"""Outreach contacts and the onward referrals made during them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from dv_forum.dates import parse_date
from dv_forum.errors import InputError, UserError
from dv_forum.exchange import track
from dv_forum.exchange.kinds import row_key
from dv_forum.outreach.access import check_worker, client_row
from dv_forum.outreach.clients import now_iso, split_list
from dv_forum.outreach.onward import Onward, insert_onward, match_onward, store_onward
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, NO_ANSWER, NOTES_MAX, SAFETY_PLAN
from dv_forum.vault import Vault

_AT = re.compile(r"^(.+?)[ T](\d{1,2})[:.](\d{2})$")


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


def _nothing_discussed(v: dict[str, Any]) -> list[str]:
    """An attempt nobody answered cannot also record what was talked about."""
    said = [
        ("a risk review", v["risk_review"] or v["dash_score"] is not None),
        ("a new incident", v["new_incident"]),
        ("a safety plan", v["safety_plan"] != "none"),
        ("issues raised", any(str(i).strip() for i in v["issues"])),
        ("onward referrals", any(True for _ in v["onward"])),
    ]
    return [f"an attempt with no answer cannot record {what}" for what, given in said if given]


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
    if kind == NO_ANSWER:
        problems += _nothing_discussed(v)
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
            insert_onward(conn, contact_id, o)
        vault.audit("outreach.contact.add", ref=row["code"], detail=type)
        track.touch(conn, "contact", row_key(conn, "contact", "outreach_contacts", contact_id))
    return contact_id


def load_contacts(conn: Any, client_id: int, code: str, contact_id: int | None = None) -> list[Contact]:
    """A client's contacts, newest first (or just the one with ``contact_id``, if it is hers)."""
    only, params = ("", (client_id,)) if contact_id is None else (" AND c.id = ?", (client_id, contact_id))
    onward: dict[int, list[Onward]] = {}
    for r in conn.execute(
        "SELECT o.id, o.contact_id, o.agency, o.referred_date, o.accepted FROM outreach_onward o"
        " JOIN outreach_contacts c ON c.id = o.contact_id WHERE c.client_id = ?" + only + " ORDER BY o.id",
        params,
    ):
        accepted = None if r[4] is None else bool(r[4])
        onward.setdefault(r[1], []).append(Onward(r[2], r[3], accepted, r[0]))
    rows = conn.execute(
        "SELECT * FROM outreach_contacts c WHERE c.client_id = ?" + only + " ORDER BY at DESC, id DESC",
        params,
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


EDITABLE = frozenset(
    {
        "at",
        "type",
        "safe",
        "duration_min",
        "risk_review",
        "dash_score",
        "new_incident",
        "safety_plan",
        "issues",
        "barriers_met",
        "onward",
        "next_contact",
        "notes",
        "worker",
    }
)


class ContactNotFound(UserError):
    # The same words whether the id is unknown or another client's contact.
    def __init__(self, contact_id: object, code: str) -> None:
        super().__init__(
            f"Contact {str(contact_id)[:12]} is not on record for client {code[:20]}.",
            "Refresh the client's contacts.",
        )


def _saved(conn: Any, client: Any, contact_id: int) -> Contact:
    """The contact with this id if it belongs to this client (already checked for access)."""
    try:
        ident = int(contact_id)
    except (TypeError, ValueError):
        raise ContactNotFound(contact_id, client["code"]) from None
    found = load_contacts(conn, client["id"], client["code"], ident)
    if not found:
        raise ContactNotFound(contact_id, client["code"])
    return found[0]


def _as_given(c: Contact) -> dict[str, Any]:
    """A saved contact as record_contact's arguments."""
    return {
        "at": c.at,
        "type": c.type,
        "safe": c.safe,
        "duration_min": c.duration_min,
        "risk_review": c.risk_review,
        "dash_score": c.dash_score,
        "new_incident": c.new_incident,
        "safety_plan": c.safety_plan,
        "issues": c.issues,
        "barriers_met": c.barriers_met,
        "onward": c.onward,
        "next_contact": c.next_contact,
        "notes": c.notes,
    }


def update_contact(vault: Vault, client_code: str, contact_id: int, **changes: Any) -> list[str]:
    """Correct a saved contact of a client on this user's caseload: any of record_contact's
    fields, the rest staying as they were; the corrected contact is checked whole, as a new one
    would be. ``onward`` replaces the onward referrals: an Onward with the id of one already there
    updates it, an agency name keeps the one to that agency (date and outcome) or adds one dated
    the contact's day, and those left out are removed; referrals dated the contact's day move with
    it when its date is corrected. Returns the names of the fields that changed (none: nothing
    is written or audited)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    row = client_row(vault, client_code, edit=True)
    owner = check_worker(vault, changes.pop("worker")) if "worker" in changes else None
    with vault.transaction() as conn:
        saved = _saved(conn, row, contact_id)
        given = {**_as_given(saved), **changes}
        carried = {o.id for o in saved.onward}
        if "onward" in changes:
            given["onward"], carried = match_onward(saved.onward, changes["onward"])
        problems: list[str] = []
        cols, onward = _columns(given, problems)
        known = {o.id for o in saved.onward}
        problems += [
            f"onward referral {o.id} is not one of this contact's" for o in onward if o.id not in known | {0}
        ]
        if problems:
            raise InputError(problems, "The contact")
        old_day, new_day = saved.at[:10], cols["at"][:10]
        onward = [
            replace(o, referred_date=new_day) if o.id in carried and o.referred_date == old_day else o
            for o in onward
        ]
        if owner is not None:
            cols["worker"] = owner
        old = conn.execute("SELECT * FROM outreach_contacts WHERE id = ?", (saved.id,)).fetchone()
        cols = {k: v for k, v in cols.items() if v != old[k]}
        if cols:
            assigns = ", ".join(f"{k} = ?" for k in cols)  # keys come from _columns, never from input
            conn.execute(f"UPDATE outreach_contacts SET {assigns} WHERE id = ?", (*cols.values(), saved.id))
        fields = sorted(cols) + (["onward"] if store_onward(conn, saved.id, saved.onward, onward) else [])
        if fields:
            track.touch(conn, "contact", row_key(conn, "contact", "outreach_contacts", saved.id))
            vault.audit(
                "outreach.contact.edit", ref=row["code"], detail=f"contact {saved.id}: {','.join(fields)}"
            )
    return fields


def delete_contact(vault: Vault, client_code: str, contact_id: int) -> None:
    """Delete a contact entered in error (with its onward referrals) from a client on this user's
    caseload. Her due dates and risk reviews are worked out again from the contacts left."""
    row = client_row(vault, client_code, edit=True)
    with vault.transaction() as conn:
        saved = _saved(conn, row, contact_id)
        key = row_key(conn, "contact", "outreach_contacts", saved.id)
        conn.execute("DELETE FROM outreach_onward WHERE contact_id = ?", (saved.id,))
        conn.execute("DELETE FROM outreach_contacts WHERE id = ?", (saved.id,))
        vault.audit("outreach.contact.delete", ref=row["code"], detail=f"contact {saved.id}")
        track.touch(conn, "contact", key)
