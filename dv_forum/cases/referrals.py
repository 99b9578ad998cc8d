"""The referral service: create, update, read and list referrals, with permissions and audit.

Identities go in, keys are made, the identities are dropped: nothing here stores, logs or returns a
name, a date of birth or a source id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from dv_forum.cases import criteria, fields, household, same_case, transfer_view
from dv_forum.cases.household import Child, Perpetrator
from dv_forum.cases.incremental import persons_of, recompute_for
from dv_forum.cases.linkage import Identity, IdentityError
from dv_forum.cases.persons import PersonResolver
from dv_forum.cases.settings import CASE_PREFIX
from dv_forum.errors import InputError, UserError
from dv_forum.lists import get_list
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Role, Vault
from dv_forum.vault.db import Connection


def heard_only(vault: Vault) -> bool:
    """A MARAC chair sees only cases heard at a meeting (least privilege, design.md roles)."""
    return vault.user.role == Role.CHAIR


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CaseNotFound(UserError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"There is no case {ref[:40]!r}.", "Check the case reference (cases list).")


# ----- case references -----


class CaseRefs:
    """Hands out PREFIX-YEAR-NNNN references, continuing after the highest one used that year."""

    def __init__(self, conn: Connection, year: int | None = None) -> None:
        self.conn = conn
        self.prefix = get_setting(conn, CASE_PREFIX)
        self.year = year or date.today().year
        stem = f"{self.prefix}-{self.year}-"
        pattern = re.compile(re.escape(stem) + r"(\d+)$")
        # The references starting with the stem, by the case_ref index (a range, not a LIKE scan of
        # every reference): the highest all-digit suffix in SQL, any other suffix checked here.
        start = len(stem) + 1
        span = (stem, stem[:-1] + chr(ord(stem[-1]) + 1), start)
        top = conn.execute(
            "SELECT max(CAST(substr(case_ref, ?3) AS INTEGER)) FROM referrals WHERE case_ref >= ?1"
            " AND case_ref < ?2 AND substr(case_ref, ?3) GLOB '[0-9]*'"
            " AND substr(case_ref, ?3) NOT GLOB '*[^0-9]*'",
            span,
        ).fetchone()[0]
        highest = int(top or 0)
        for (ref,) in conn.execute(
            "SELECT case_ref FROM referrals WHERE case_ref >= ?1 AND case_ref < ?2"
            " AND substr(case_ref, ?3) GLOB '*[^0-9]*'",
            span,
        ):
            m = pattern.match(ref)  # e.g. digits of another script
            if m:
                highest = max(highest, int(m.group(1)))
        self._next = highest + 1
        self._stem = stem

    def next(self) -> str:
        ref = f"{self._stem}{self._next:04d}"
        self._next += 1
        return ref


# ----- meetings (owned by the MARAC area; we only add a bare row for a new date) -----


def meeting_for(conn: Connection, heard_date: str | None) -> int | None:
    if not heard_date:
        return None
    conn.execute("INSERT OR IGNORE INTO meetings (date) VALUES (?)", (heard_date,))
    row = conn.execute("SELECT id FROM meetings WHERE date = ?", (heard_date,)).fetchone()
    return int(row[0])


# ----- validation -----


def _identity_problem(who: str, exc: IdentityError) -> tuple[str, str]:
    return (f"{who}_{exc.field.replace(' ', '_')}", exc.reason)


def validate(
    conn: Connection,
    raw: Mapping[str, Any],
    victim: Identity | None,
    perpetrator: Identity | None,
    dash_answers: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Clean a whole new referral (fields plus identities); problems as (field, reason)."""
    clean, problems = fields.clean(raw, get_list(conn, "locality"), dash_answers)
    if clean.get("referral_date") is None and not any(p[0] == "referral_date" for p in problems):
        problems.append(("referral_date", "required"))
    if victim is None or victim.is_empty:
        problems.append(("victim", "give surname, forename and date of birth, or a person id"))
    return clean, problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise InputError([f"{f}: {r}" for f, r in problems], "The referral")


def _insert(conn: Connection, row: Mapping[str, Any]) -> int:
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO referrals ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )
    return int(cur.lastrowid or 0)


# ----- the service -----


def create(
    vault: Vault,
    raw: Mapping[str, Any],
    victim: Identity,
    perpetrator: Identity | None = None,
    dash_answers: Mapping[str, str] | None = None,
    *,
    children: Sequence[Child] | None = None,
    perpetrators: Sequence[Perpetrator] | None = None,
    warnings: list[str] | None = None,
) -> str:
    """Add a referral; return its case reference. Raises InputError listing every problem.

    ``children`` and ``perpetrators`` (after the first) are saved with it; what the save warns
    about without refusing is appended to ``warnings``."""
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        clean, problems = validate(conn, raw, victim, perpetrator, dash_answers)
        resolver = PersonResolver(conn)
        victim_id = perp_id = None
        try:
            victim_id = resolver.key("victim", victim)
        except IdentityError as exc:
            problems.append(_identity_problem("victim", exc))
        if perpetrator is not None and not perpetrator.is_empty:
            try:
                perp_id = resolver.key("perpetrator", perpetrator)
            except IdentityError as exc:
                problems.append(_identity_problem("perpetrator", exc))
        if (
            clean.get("case_ref")
            and conn.execute("SELECT 1 FROM referrals WHERE case_ref = ?", (clean["case_ref"],)).fetchone()
        ):
            problems.append(("case_ref", "already used by another case"))
        further, more = household.resolve_perpetrators(conn, resolver, None, perpetrators or ())
        _raise(problems + more)
        same = same_case.awaiting(conn, victim_id, perp_id, clean.get("referral_date") or "")
        if same is not None:
            raise same_case.SameCase(same)
        resolver.flush()
        ref = clean.get("case_ref") or CaseRefs(conn).next()
        stamp = now()
        row = {k: v for k, v in clean.items() if v is not None}
        row.update(
            case_ref=ref,
            victim_id=victim_id,
            perpetrator_id=perp_id,
            meeting_id=meeting_for(conn, clean.get("heard_date")),
            created_at=stamp,
            updated_at=stamp,
        )
        rid = _insert(conn, row)
        household.write(conn, rid, children, further if perpetrators is not None else None)
        recompute_for(conn, persons_of(conn, [rid]))  # only the units this referral is in
        vault.audit("case.create", ref=ref)
    if warnings is not None:
        warnings += household.warnings(clean.get("victim_age"))
    return ref


def _row(conn: Connection, ref: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM referrals WHERE case_ref = ?", (ref,)).fetchone()
    if row is None:
        raise CaseNotFound(ref)
    return dict(zip(row.keys(), tuple(row), strict=True))


def update(
    vault: Vault,
    ref: str,
    changes: Mapping[str, Any],
    victim: Identity | None = None,
    perpetrator: Identity | None = None,
    dash_answers: Mapping[str, str] | None = None,
    *,
    children: Sequence[Child] | None = None,
    perpetrators: Sequence[Perpetrator] | None = None,
    warnings: list[str] | None = None,
) -> list[str]:
    """Change a referral; return the names of the fields that changed (what the audit records).
    ``children``, ``perpetrators`` and ``warnings`` as for ``create``."""
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        old = _row(conn, ref)
        # Re-validate the whole record so cross-field rules (dates, band) see the result.
        merged = {k: old[k] for k in fields.FIELDS if k in old and k != "case_ref"}
        merged.update(changes)
        if dash_answers is None and old.get("dash_answers") and "dash_score" not in changes:
            dash_answers = json.loads(old["dash_answers"])
        # A retired locality stays valid on the records that already hold it.
        localities = get_list(conn, "locality") + ([old["area"]] if old.get("area") else [])
        clean, problems = fields.clean(merged, localities, dash_answers)
        resolver = PersonResolver(conn)
        for who, ident, col in (
            ("victim", victim, "victim_id"),
            ("perpetrator", perpetrator, "perpetrator_id"),
        ):
            if ident is not None and not ident.is_empty:
                try:
                    clean[col] = resolver.key(who, ident)
                except IdentityError as exc:
                    problems.append(_identity_problem(who, exc))
        further, more = household.resolve_perpetrators(conn, resolver, old["id"], perpetrators or ())
        _raise(problems + more)
        resolver.flush()
        if "heard_date" in clean:
            clean["meeting_id"] = meeting_for(conn, clean["heard_date"])
        changed = sorted(k for k, v in clean.items() if k in old and old[k] != v)
        before = household.state(conn, old["id"])
        people = persons_of(conn, [old["id"]])  # an edit can move the referral out of a unit
        if changed:
            sets = ", ".join(f"{k} = ?" for k in changed)
            conn.execute(
                f"UPDATE referrals SET {sets} WHERE id = ?", [*(clean[k] for k in changed), old["id"]]
            )
        household.write(conn, old["id"], children, further if perpetrators is not None else None)
        after = household.state(conn, old["id"])
        changed = sorted({*changed, *(k for k in after if after[k] != before[k])})
        if changed:
            conn.execute("UPDATE referrals SET updated_at = ? WHERE id = ?", (now(), old["id"]))
            recompute_for(conn, people | persons_of(conn, [old["id"]]))
            vault.audit("case.edit", ref=ref, detail=",".join(changed))
    if warnings is not None:
        warnings += household.warnings(clean.get("victim_age"))
    return changed


def _public(row: Mapping[str, Any], refs: Mapping[int, str]) -> dict[str, Any]:
    out = {
        k: v
        for k, v in row.items()
        if k not in ("victim_id", "perpetrator_id", "created_at", "updated_at", "meeting_id")
    }
    out["repeat"] = bool(row["is_repeat"])
    out["previous_referral"] = refs.get(row["repeat_of"]) if row["repeat_of"] else None
    out["perp_repeat"] = bool(row["perp_repeat"])
    out["serial_perp"] = bool(row.get("serial_perp"))
    for k in (
        "bame",
        "disability",
        "lgbt",
        "pregnant",
        "perp_under18",
        "alcohol",
        "drugs",
        "victim_aware",
        "consent",
    ):
        if out.get(k) is not None:
            out[k] = bool(out[k])
    if out.get("dash_answers"):
        out["dash_answers"] = json.loads(out["dash_answers"])
    if out.get("children_ages"):
        out["children_ages"] = json.loads(out["children_ages"])
    out["criteria"] = [c for c in (row.get("criteria") or "").split(";") if c]
    return out


def get(vault: Vault, ref: str) -> dict[str, Any]:
    """One referral as a plain dict (no person ids), audited as a view."""
    vault.require(Perm.VIEW_CASES)
    with vault.transaction() as conn:
        row = _row(conn, ref)
        if heard_only(vault) and not row["heard_date"]:
            raise CaseNotFound(ref)  # the same answer as a missing case: no hint it exists
        refs = {}
        if row["repeat_of"]:
            prev = conn.execute("SELECT case_ref FROM referrals WHERE id = ?", (row["repeat_of"],))
            found = prev.fetchone()
            refs = {row["repeat_of"]: found[0]} if found else {}
        vault.audit("case.view", ref=ref)
        moved = transfer_view.by_referral(conn, [row["id"]]).get(row["id"])
        kids = [c.to_dict(n) for n, c in enumerate(household.children_of(conn, row["id"]), 1)]
        first = household.first_perpetrator(row)
        perps = ([first] if first else []) + [p.to_dict() for p in household.perpetrators_of(conn, row["id"])]
        met = criteria.met(row, criteria.escalation_incidents(conn))
        more = [r.to_dict() for r in same_case.referrers(conn, row["id"])]
    return _public(row, refs) | {
        "criteria_met": met,
        "further_referrers": more,
        "transfer": moved["text"] if moved else None,
        "child_records": kids,
        "perpetrators": perps,
    }


def repeat_reason(case: Mapping[str, Any]) -> str | None:
    """Why a case is a repeat, in words for the banner and `cases show`."""
    if not case.get("repeat"):
        return None
    rule = case.get("repeat_rule") or ""
    unit, anchor, months, _which = (rule.split("/") + ["", "", "", ""])[:4]
    what = "the same victim and perpetrator" if unit == "pair" else "the same victim"
    since = "heard at MARAC" if anchor == "meeting" else "referred"
    if case.get("previous_referral"):
        where = f"case {case['previous_referral']}"
    else:
        where = f"a MARAC elsewhere on {case.get('repeat_outside_date')}" + (
            " (the same perpetrator)" if case.get("previous_marac_same_perpetrator") == "yes" else ""
        )
    return f"Repeat: {what} {since} in {where}, within {months.rstrip('m')} months (rule {rule})."


def case_refs(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(ids)
    out: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        q = f"SELECT id, case_ref FROM referrals WHERE id IN ({', '.join('?' for _ in chunk)})"
        out.update({int(a): str(b) for a, b in conn.execute(q, chunk)})
    return out
