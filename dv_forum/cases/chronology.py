"""A chronology for a Domestic Homicide Review or a case review: one dated list of everything the
vault holds about a person (every referral, hearing, action, outreach contact, Freedom Programme
session, transfer and review hold).

A case's chronology is its victim's: every referral of that victim (linked persons included), with
whichever perpetrator; or its perpetrator's: every referral naming them, whoever the victim. A
person's chronology (the person id shown in the possible-match review) is the same for that person.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from dv_forum.cases.recompute import canonical_map
from dv_forum.cases.referrals import CaseNotFound
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection


@dataclass(frozen=True)
class Entry:
    date: str  # ISO date (a contact's time is kept in ``what``)
    kind: str  # referral, hearing, minutes, action, outreach, freedom, transfer, hold
    case_ref: str
    what: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Chronology:
    subject: str  # "case NWL-2026-0001 (its victim)" or "person 12 (victim)"
    case_refs: list[str]
    entries: list[Entry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "case_refs": self.case_refs,
            "entries": [e.to_dict() for e in self.entries],
        }


def _people(conn: Connection, person: int) -> set[int]:
    """Every person id that is, or is linked to, ``person``."""
    canon = canonical_map(conn)
    root = canon.get(person, person)
    return {p for p, c in canon.items() if c == root} | {person}


def _referrals(conn: Connection, people: set[int], as_perpetrator: bool) -> dict[int, str]:
    marks = ", ".join("?" for _ in people)
    col = "perpetrator_id" if as_perpetrator else "victim_id"
    sql = f"SELECT id, case_ref FROM referrals WHERE {col} IN ({marks})"
    params = list(people)
    return {int(r[0]): str(r[1]) for r in conn.execute(sql + " ORDER BY referral_date, id", params)}


def _yes(v: Any) -> str:
    return "yes" if v else "no"


def _referral_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    out = []
    for r in conn.execute(
        "SELECT id, referral_date, referring_agency, dash_score, risk_band, criteria, is_repeat,"
        f" status, closed_date FROM referrals WHERE id IN ({marks})",
        list(refs),
    ):
        crit = (r["criteria"] or "").replace(";", ", ").replace("_", " ") or "not given"
        dash = f"DASH {r['dash_score']}" if r["dash_score"] is not None else "no DASH score"
        text = (
            f"Referral from {r['referring_agency'] or 'agency not recorded'}; {dash}"
            f" ({r['risk_band'] or 'no band'}); criteria: {crit}; repeat: {_yes(r['is_repeat'])}"
        )
        out.append(Entry(r["referral_date"], "referral", refs[r["id"]], text))
        if r["status"] == "closed" and r["closed_date"]:
            out.append(Entry(r["closed_date"], "referral", refs[r["id"]], "Case closed"))
    return out


def _marac_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    ids = list(refs)
    out = [
        Entry(r[1], "hearing", refs[r[0]], "Heard at MARAC")
        for r in conn.execute(
            "SELECT a.referral_id, m.date FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id"
            f" WHERE a.referral_id IN ({marks})",
            ids,
        )
    ]
    heard = {(e.case_ref, e.date) for e in out}
    for rid, day in conn.execute(
        f"SELECT id, heard_date FROM referrals WHERE id IN ({marks}) AND heard_date IS NOT NULL", ids
    ):
        if (refs[rid], day) not in heard:
            out.append(Entry(day, "hearing", refs[rid], "Heard at MARAC"))
    for rid, day, text in conn.execute(
        "SELECT mi.referral_id, m.date, mi.info_shared FROM minutes mi JOIN meetings m"
        f" ON m.id = mi.meeting_id WHERE mi.referral_id IN ({marks}) AND mi.info_shared != ''",
        ids,
    ):
        out.append(Entry(day, "minutes", refs[rid], f"Information shared: {text}"))
    for r in conn.execute(
        "SELECT a.referral_id, m.date, a.agency, a.owner, a.description, a.due_date, a.status,"
        " a.status_date FROM actions a JOIN meetings m ON m.id = a.meeting_id"
        f" WHERE a.referral_id IN ({marks})",
        ids,
    ):
        due = f", due {r['due_date']}" if r["due_date"] else ""
        out.append(
            Entry(
                r["date"], "action", refs[r[0]], f"Action agreed for {r['agency']}: {r['description']}{due}"
            )
        )
        if r["status"] != "open" and r["status_date"]:
            status = r["status"].replace("_", " ")
            out.append(Entry(r["status_date"], "action", refs[r[0]], f"Action for {r['agency']} {status}"))
    return out


def _outreach_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    out = []
    for r in conn.execute(
        "SELECT c.referral_id, k.at, k.type, k.worker, k.duration_min, k.risk_review, k.dash_score,"
        " k.new_incident, k.safety_plan, k.issues FROM outreach_contacts k"
        f" JOIN outreach_clients c ON c.id = k.client_id WHERE c.referral_id IN ({marks})",
        list(refs),
    ):
        parts = [f"Outreach {r['type']} by {r['worker']} at {r['at'][11:16] or '-'}"]
        if r["duration_min"] is not None:
            parts.append(f"{r['duration_min']} min")
        if r["new_incident"]:
            parts.append("new incident disclosed")
        if r["risk_review"]:
            parts.append(
                "risk reviewed" + (f" (DASH {r['dash_score']})" if r["dash_score"] is not None else "")
            )
        if r["safety_plan"] != "none":
            parts.append(f"safety plan {r['safety_plan']}")
        if r["issues"]:
            parts.append("issues: " + r["issues"].replace(";", ", "))
        out.append(Entry(r["at"][:10], "outreach", refs[r["referral_id"]], "; ".join(parts)))
    return out


def _freedom_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    return [
        Entry(
            r["session_date"],
            "freedom",
            refs[r["referral_id"]],
            f"Freedom Programme {r['code']} session {r['number']} ({r['topic']}): {r['mark']}",
        )
        for r in conn.execute(
            "SELECT p.referral_id, s.session_date, s.number, s.topic, c.code, a.mark"
            " FROM freedom_attendance a JOIN freedom_enrolments e ON e.id = a.enrolment_id"
            " JOIN freedom_participants p ON p.id = e.participant_id"
            " JOIN freedom_sessions s ON s.id = a.session_id JOIN freedom_cohorts c ON c.id = s.cohort_id"
            f" WHERE p.referral_id IN ({marks})",
            list(refs),
        )
    ]


def _transfer_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    out = []
    for r in conn.execute(
        "SELECT referral_id, direction, marac, transfer_date, history FROM case_transfers"
        f" WHERE referral_id IN ({marks})",
        list(refs),
    ):
        ref = refs[r["referral_id"]]
        if r["direction"] == "out":
            out.append(Entry(r["transfer_date"], "transfer", ref, f"Transferred out to {r['marac']} MARAC"))
            continue
        out.append(Entry(r["transfer_date"], "transfer", ref, f"Transferred in from {r['marac']} MARAC"))
        sent = json.loads(r["history"] or "{}")
        at = f"at {r['marac']} MARAC"
        for x in sent.get("referrals", []):
            out.append(Entry(x["referral_date"], "referral", ref, f"Referral {x['case_ref']} {at}"))
        for x in sent.get("minutes", []):
            out.append(
                Entry(x["meeting_date"], "minutes", ref, f"Information shared {at}: {x['information']}")
            )
        for x in sent.get("actions", []):
            out.append(
                Entry(
                    x["meeting_date"],
                    "action",
                    ref,
                    f"Action agreed {at} for {x['agency']}: {x['description']}",
                )
            )
    return out


def _hold_entries(conn: Connection, refs: dict[int, str], marks: str) -> list[Entry]:
    out = []
    for r in conn.execute(
        f"SELECT referral_id, reason, placed_on, lifted_on, lift_reason FROM case_review_holds WHERE referral_id IN ({marks})",
        list(refs),
    ):
        ref = refs[r["referral_id"]]
        out.append(Entry(r["placed_on"], "hold", ref, f"Review hold placed: {r['reason']}"))
        if r["lifted_on"]:
            out.append(Entry(r["lifted_on"], "hold", ref, f"Review hold lifted: {r['lift_reason']}"))
    return out


KIND_ORDER = ("referral", "transfer", "hearing", "minutes", "action", "outreach", "freedom", "hold")
SOURCES = (
    _referral_entries,
    _marac_entries,
    _outreach_entries,
    _freedom_entries,
    _transfer_entries,
    _hold_entries,
)


def build(conn: Connection, refs: dict[int, str], subject: str) -> Chronology:
    out = Chronology(subject, list(refs.values()))
    if refs:
        marks = ", ".join("?" for _ in refs)
        for source in SOURCES:
            out.entries.extend(source(conn, refs, marks))
    out.entries.sort(key=lambda e: (e.date, e.case_ref, KIND_ORDER.index(e.kind)))
    return out


def for_case(vault: Vault, ref: str, who: str = "victim") -> Chronology:
    """The chronology of a case's victim (every referral of that victim) or, with ``who`` =
    "perpetrator", of its perpetrator (every referral naming them, whoever the victim)."""
    vault.require(Perm.EDIT_CASES)  # the whole history, outreach included: the coordinator only
    col = {"victim": "victim_id", "perpetrator": "perpetrator_id"}[who]
    ref = ref.strip()
    with vault.transaction() as conn:
        row = conn.execute(f"SELECT {col} FROM referrals WHERE case_ref = ?", (ref,)).fetchone()
        if row is None:
            raise CaseNotFound(ref)
        if row[0] is None:
            raise UserError(f"Case {ref} records no perpetrator.", "Ask for the victim's chronology.")
        refs = _referrals(conn, _people(conn, int(row[0])), as_perpetrator=who == "perpetrator")
        result = build(conn, refs, f"The {who} of case {ref}: every referral")
        vault.audit("case.chronology", ref=ref, detail=f"{who}, {len(result.entries)} entries")
    return result


def for_person(vault: Vault, person_id: int) -> Chronology:
    """The chronology of a person (victim or perpetrator) and everyone linked to them."""
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        row = conn.execute("SELECT kind FROM persons WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            raise UserError(f"There is no person {person_id}.", "Use a person id from `cases matches`.")
        refs = _referrals(conn, _people(conn, person_id), as_perpetrator=row[0] == "perpetrator")
        result = build(conn, refs, f"Person {person_id} ({row[0]})")
        vault.audit("person.chronology", ref=f"person {person_id}", detail=f"{len(result.entries)} entries")
    return result
