"""MARAC-to-MARAC transfers (domain.md section 2): a case leaves with its history, sealed for the
receiving MARAC, and is closed here; a received case is a new referral that remembers where it came
from and counts that MARAC's last referral for repeats when it was the same perpetrator.

The receiving vault cannot use the sender's linkage keys (each vault has its own secret), so a
received victim and perpetrator are keyed on the transfer's own id: a second import of the same
file is refused, and a later local referral is linked by the coordinator's possible-match review.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dv_forum.cases import household, referrals
from dv_forum.cases.linkage import Identity
from dv_forum.cases.recompute import canonical_map
from dv_forum.cases.settings import MARAC_NAME
from dv_forum.cases.transfer_file import TransferFileError, open_sealed, seal
from dv_forum.errors import UserError
from dv_forum.fsio import atomic_write
from dv_forum.marac.settings import MARKING
from dv_forum.reports.pdf_encrypt import generate_password
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

KIND = "dv-forum MARAC-to-MARAC transfer"
SAME_PERPETRATOR = ("yes", "no", "not_known")
MAX_MARAC = 80
MAX_REASON = 500

# The referral facts that travel: no person ids, no locality (the receiving district has its own
# list), no IDVA or status (they are the receiving MARAC's to set), no repeat flags (recomputed).
CASE_FIELDS = (
    "case_ref",
    "referral_date",
    "heard_date",
    "referring_agency",
    "victim_initials",
    "victim_gender",
    "victim_age",
    "bame",
    "disability",
    "lgbt",
    "pregnant",
    "children",
    "children_ages",
    "perp_gender",
    "perp_relationship",
    "perp_age",
    "perp_under18",
    "alcohol",
    "drugs",
    "dash_instrument",
    "dash_version",
    "dash_answers",
    "dash_score",
    "risk_band",
    "criteria",
    "pj_band",
    "pj_reason",
    "victim_aware",
    "consent",
    "notes",
)
# What a received case keeps as its own referral fields (the rest stays in the transfer record).
RECEIVED_FIELDS = tuple(
    f
    for f in CASE_FIELDS
    if f not in ("case_ref", "referral_date", "heard_date", "dash_version", "dash_answers", "risk_band")
)


@dataclass(frozen=True)
class TransferOut:
    file: Path
    password: str
    case_ref: str
    to_marac: str


@dataclass(frozen=True)
class TransferIn:
    case_ref: str
    from_marac: str
    their_ref: str
    previous_marac_date: str | None
    same_perpetrator: str
    repeat: bool


def _text(value: str | None, limit: int, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise UserError(f"Give the {what}.", "It is printed on the transfer and kept with the case.")
    if len(text) > limit:
        raise UserError(f"The {what} is longer than {limit} characters.", "Shorten it.")
    return text


def _pair_history(conn: Connection, case: dict[str, Any]) -> list[dict[str, Any]]:
    """This MARAC's referrals of the same victim and perpetrator, the case itself included."""
    canon = canonical_map(conn)
    victim = canon.get(case["victim_id"], case["victim_id"])
    perp = case["perpetrator_id"]
    perp = None if perp is None else canon.get(perp, perp)
    out = []
    for r in conn.execute(
        "SELECT id, case_ref, referral_date, heard_date, victim_id, perpetrator_id FROM referrals"
        " ORDER BY referral_date, id"
    ):
        p = r["perpetrator_id"]
        if (
            canon.get(r["victim_id"], r["victim_id"]) == victim
            and (None if p is None else canon.get(p, p)) == perp
        ):
            out.append(dict(r))
    return out


def _minutes_and_actions(conn: Connection, ids: list[int], refs: dict[int, str]) -> dict[str, Any]:
    marks = ", ".join("?" for _ in ids)
    minutes = [
        {"case_ref": refs[r["referral_id"]], "meeting_date": r["date"], "information": r["info_shared"]}
        for r in conn.execute(
            "SELECT mi.referral_id, m.date, mi.info_shared FROM minutes mi JOIN meetings m"
            f" ON m.id = mi.meeting_id WHERE mi.referral_id IN ({marks}) AND mi.info_shared != ''"
            " ORDER BY m.date",
            ids,
        )
    ]
    actions = [
        {
            "case_ref": refs[r["referral_id"]],
            "meeting_date": r["date"],
            "agency": r["agency"],
            "owner": r["owner"],
            "description": r["description"],
            "due_date": r["due_date"],
            "status": r["status"],
        }
        for r in conn.execute(
            "SELECT a.referral_id, m.date, a.agency, a.owner, a.description, a.due_date, a.status"
            f" FROM actions a JOIN meetings m ON m.id = a.meeting_id WHERE a.referral_id IN ({marks})"
            " ORDER BY m.date, a.id",
            ids,
        )
    ]
    return {"minutes": minutes, "actions": actions}


def build_payload(
    conn: Connection, case: dict[str, Any], to_marac: str, reason: str, when: date
) -> dict[str, Any]:
    history = _pair_history(conn, case)
    refs = {int(h["id"]): str(h["case_ref"]) for h in history}
    facts = {k: case.get(k) for k in CASE_FIELDS}
    if facts["dash_answers"]:
        facts["dash_answers"] = json.loads(facts["dash_answers"])
    if facts["children_ages"]:
        facts["children_ages"] = json.loads(facts["children_ages"])
    # The household travels as records (no keys: the receiving vault keys them on the transfer).
    facts["child_records"] = [asdict(c) for c in household.children_of(conn, case["id"])]
    facts["further_perpetrators"] = [p.to_dict() for p in household.perpetrators_of(conn, case["id"])]
    return {
        "kind": KIND,
        "pack_id": uuid.uuid4().hex,
        "marking": get_setting(conn, MARKING),
        "from_marac": get_setting(conn, MARAC_NAME).strip() or "(MARAC name not set)",
        "to_marac": to_marac,
        "sent_date": when.isoformat(),
        "reason": reason,
        "case": facts,
        "has_perpetrator": case["perpetrator_id"] is not None,
        # The receiving MARAC's repeat window starts from the last referral here.
        "last_referral_date": max(h["referral_date"] for h in history),
        "referrals": [
            {"case_ref": h["case_ref"], "referral_date": h["referral_date"], "heard_date": h["heard_date"]}
            for h in history
        ],
        **_minutes_and_actions(conn, list(refs), refs),
    }


def transfer_out(
    vault: Vault, ref: str, to_marac: str, out: Path, reason: str | None = None, when: date | None = None
) -> TransferOut:
    """Seal the case for ``to_marac`` into ``out`` and close it here; the password is shown once."""
    vault.require(Perm.EDIT_CASES)
    to_marac = _text(to_marac, MAX_MARAC, "receiving MARAC")
    reason = _text(reason or f"Transferred to {to_marac} MARAC", MAX_REASON, "reason")
    day = when or date.today()
    with vault.transaction() as conn:
        case = referrals._row(conn, ref)
        done = conn.execute(
            "SELECT marac FROM case_transfers WHERE referral_id = ? AND direction = 'out'", (case["id"],)
        ).fetchone()
        if done is not None:
            raise UserError(f"Case {ref} was already transferred to {done[0]}.", "Nothing was written.")
        payload = build_payload(conn, case, to_marac, reason, day)
        password = generate_password()
        conn.execute(
            "UPDATE referrals SET status = 'closed', closed_date = ?, updated_at = ? WHERE id = ?",
            (day.isoformat(), referrals.now(), case["id"]),
        )
        conn.execute(
            "INSERT INTO case_transfers (referral_id, direction, marac, transfer_date, reason, pack_id,"
            " created_by, created_at) VALUES (?, 'out', ?, ?, ?, ?, ?, ?)",
            (
                case["id"],
                to_marac,
                day.isoformat(),
                reason,
                payload["pack_id"],
                vault.user.name,
                referrals.now(),
            ),
        )
        vault.audit("case.transfer_out", ref=ref, detail=f"{len(payload['referrals'])} referrals")
        # Written last inside the transaction: if the file cannot be written the case stays open.
        atomic_write(out, seal(payload, password))
    return TransferOut(out, password, ref, to_marac)


def read_pack(path: Path, password: str) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {Path(path).name}: {exc.strerror}.", "Check the file name.") from None
    payload = open_sealed(data, password)
    if payload.get("kind") != KIND or not isinstance(payload.get("case"), dict):
        raise TransferFileError("This file is not a MARAC-to-MARAC transfer.", "Check the file name.")
    return payload


def _identity(pack_id: str, who: str) -> Identity:
    return Identity(source_id=f"transfer {pack_id} {who}")


def _household(case: dict[str, Any], pack_id: str) -> dict[str, Any]:
    """The received case's child records and further perpetrators (packs made before they
    travelled have neither: the counts came with the case's own fields)."""
    kids = [
        household.child(c.get("age"), c.get("to_victim"), c.get("to_perpetrator"), c.get("social_care"))
        for c in case.get("child_records") or []
    ]
    further = [
        household.perpetrator(
            p.get("gender"),
            p.get("age"),
            p.get("under18"),
            p.get("relationship"),
            identity=_identity(pack_id, f"perpetrator {p.get('n') or i + 2}"),
        )
        for i, p in enumerate(case.get("further_perpetrators") or [])
    ]
    return {"children": kids or None, "perpetrators": further or None}


def _received(
    case: dict[str, Any], from_marac: str, day: date, last: str | None, same_perpetrator: str
) -> dict[str, Any]:
    """The received case's own referral fields."""
    raw = {k: case.get(k) for k in RECEIVED_FIELDS if case.get(k) is not None}
    raw["referral_date"] = day.isoformat()
    raw["referring_agency"] = f"{from_marac} MARAC (transfer)"[:80]
    # The other MARAC is recorded as a previous MARAC elsewhere with the answer: only "yes" makes a
    # repeat of it, and "not_known" lists the case for review.
    if last:
        raw.update(
            previous_marac_date=last,
            previous_marac_where=from_marac,
            previous_marac_same_perpetrator=same_perpetrator,
        )
    return raw


def transfer_in(
    vault: Vault, path: Path, password: str, same_perpetrator: str = "yes", when: date | None = None
) -> TransferIn:
    """Add the case in ``path`` as a new referral here, marked as transferred in."""
    vault.require(Perm.EDIT_CASES)
    if same_perpetrator not in SAME_PERPETRATOR:
        raise UserError(
            "Same perpetrator must be yes, no or not_known.", "Say whether it is the same perpetrator."
        )
    payload = read_pack(path, password)
    case, pack_id = payload["case"], str(payload["pack_id"])
    from_marac = _text(str(payload.get("from_marac") or ""), MAX_MARAC, "sending MARAC")
    day = when or date.today()
    last = payload.get("last_referral_date")
    raw = _received(case, from_marac, day, last, same_perpetrator)
    with vault.transaction() as conn:
        if conn.execute(
            "SELECT 1 FROM case_transfers WHERE direction = 'in' AND pack_id = ?", (pack_id,)
        ).fetchone():
            raise UserError("This transfer was already imported.", "Nothing was changed.")
        perp = _identity(pack_id, "perpetrator") if payload.get("has_perpetrator") else None
        ref = referrals.create(
            vault,
            raw,
            _identity(pack_id, "victim"),
            perp,
            case.get("dash_answers"),
            **_household(case, pack_id),
        )
        row = referrals._row(conn, ref)
        history = {k: payload.get(k, []) for k in ("referrals", "minutes", "actions")}
        history["marking"] = payload.get("marking")
        conn.execute(
            "INSERT INTO case_transfers (referral_id, direction, marac, transfer_date, their_ref,"
            " previous_marac_date, same_perpetrator, reason, pack_id, history, created_by, created_at)"
            " VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["id"],
                from_marac,
                str(payload.get("sent_date") or day.isoformat()),
                str(case.get("case_ref") or "")[:40] or None,
                last,
                same_perpetrator,
                str(payload.get("reason") or "")[:MAX_REASON] or None,
                pack_id,
                json.dumps(history),
                vault.user.name,
                referrals.now(),
            ),
        )
        vault.audit("case.transfer_in", ref=ref)
        row = referrals._row(conn, ref)
    return TransferIn(
        ref, from_marac, str(case.get("case_ref") or ""), last, same_perpetrator, bool(row["is_repeat"])
    )
