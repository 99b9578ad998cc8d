"""Retention and erasure of case referrals (security promise S18).

Policy: a case closed more than ``retention.years`` years ago (default 6) is purged; a case referred
within the last 12 months is never purged, whatever the setting, so that a new referral of the same
person still flags as a repeat. A purge first shows a dry-run report; the purge itself deletes the
referrals and everything that hangs off them (MARAC agenda items, actions and minutes cascade; outreach
and Freedom Programme links are set to NULL by the schema), removes persons no longer referred, and
then runs VACUUM so the freed pages leave the file. Minutes of an approved meeting are locked by the
schema; a purge or erasure is the one path past that lock (``minutes_unlock``), audited per case. ``erase_case`` removes one case on request with a
recorded reason. Every purge and erasure is audited by case reference only.

A purge never changes a reported figure: each purged case leaves a stub without identity
(cases/stubs.py) that the statistics count and the repeat engine reads as history. An erasure on
request leaves nothing: its figures may change, which the request is about.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dv_forum.cases import stubs
from dv_forum.cases.recompute import canonical_map, recompute
from dv_forum.cases.review_hold import held_case_refs
from dv_forum.errors import UserError
from dv_forum.settings import Setting, get_setting
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

RETENTION_YEARS = Setting(
    "retention.years",
    int,
    6,
    "Closed cases are purged this many years after their closed date (a case referred within the "
    "last 12 months is always kept).",
    maximum=100,
)
PROTECT_MONTHS = 12
MAX_REASON = 200


def _minus_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Candidate:
    case_ref: str
    referral_date: str
    closed_date: str


@dataclass
class RetentionReport:
    years: int
    closed_before: str  # cases closed before this date are due
    referred_after: str  # cases referred on or after this date are always kept
    due: list[Candidate] = field(default_factory=list)
    kept_recent: int = 0  # closed long enough ago, but referred within the last 12 months
    kept_no_closed_date: int = 0  # closed without a closed date: kept until one is recorded
    kept_on_hold: int = 0  # under a review hold (review_hold.py) until it is lifted

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    persons_removed: int
    pages_before: int
    pages_after: int


def report(vault: Vault, today: date | None = None) -> RetentionReport:
    """The dry run: which cases the policy would purge now (nothing is changed)."""
    vault.require(Perm.PURGE)
    result = _report(vault.conn, today or date.today())
    with vault.transaction():
        vault.audit("retention.report", detail=f"{len(result.due)} due")
    return result


def _report(conn: Connection, today: date) -> RetentionReport:
    years = max(0, int(get_setting(conn, RETENTION_YEARS)))
    closed_before = _minus_months(today, 12 * years).isoformat()
    referred_after = _minus_months(today, PROTECT_MONTHS).isoformat()
    out = RetentionReport(years, closed_before, referred_after)
    rows = conn.execute(
        "SELECT case_ref, referral_date, closed_date FROM referrals WHERE status = 'closed' "
        "ORDER BY closed_date, case_ref"
    ).fetchall()
    held = held_case_refs(conn)
    for case_ref, referral_date, closed_date in rows:
        if case_ref in held:
            out.kept_on_hold += 1
        elif not closed_date:
            out.kept_no_closed_date += 1
        elif closed_date >= closed_before:
            continue
        elif referral_date >= referred_after:
            out.kept_recent += 1
        else:
            out.due.append(Candidate(case_ref, referral_date, closed_date))
    return out


def purge(vault: Vault, today: date | None = None) -> PurgeResult:
    """Purge every case the policy makes due, then VACUUM. All or nothing; audited per case."""
    vault.require(Perm.PURGE)
    day = today or date.today()
    before = _page_count(vault.conn)
    with vault.transaction():
        # Recomputed inside the write transaction so nothing changes between report and delete.
        due = _report(vault.conn, day).due
        # Stubs first, all of them, in referral order (the engine orders same-day stubs by stub id).
        canon = canonical_map(vault.conn)
        for ref_id in sorted(_ids(vault.conn, [c.case_ref for c in due])):
            stubs.keep(vault.conn, ref_id, canon, day)
        for cand in due:
            _delete_case(vault, cand.case_ref, "retention purge")
            vault.audit("case.purge", ref=cand.case_ref, detail="retention policy")
        removed = _remove_orphan_persons(vault.conn)
        stubs.forget_gone_persons(vault.conn)
        # Flags of the cases left must not point at purged ones (found by S18 with the real cases
        # service: a repeat of a purged case kept is_repeat with no previous case); same transaction.
        if due:
            recompute(vault.conn)
        vault.audit("retention.purge", detail=f"{len(due)} cases purged")
    after = vacuum(vault) if due else before
    return PurgeResult(len(due), removed, before, after)


def erase_case(vault: Vault, case_ref: str, reason: str) -> PurgeResult:
    """Erase one case (for example on a valid erasure request), with the reason in the audit log."""
    vault.require(Perm.PURGE)
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("An erasure needs a reason.", "Give one with --reason (no names, please).")
    if len(reason) > MAX_REASON:
        raise UserError(f"The reason is longer than {MAX_REASON} characters.", "Shorten it.")
    case_ref = case_ref.strip()
    before = _page_count(vault.conn)
    with vault.transaction():
        if not _delete_case(vault, case_ref, "erasure"):
            raise UserError(f"There is no case {case_ref}.", "Check the case reference.")
        removed = _remove_orphan_persons(vault.conn)
        recompute(vault.conn)  # as in purge: no flag may point at the erased case
        vault.audit("case.erase", ref=case_ref, detail=reason)
    after = vacuum(vault)
    return PurgeResult(1, removed, before, after)


def _unlock_minutes(vault: Vault, ref_id: int, case_ref: str, why: str) -> None:
    """Open the approved-minutes lock for this one case inside the caller's transaction, audited
    per approved meeting; ``_delete_case`` closes it again before the transaction commits."""
    days = [
        r[0]
        for r in vault.conn.execute(
            "SELECT m.date FROM minutes n JOIN meetings m ON m.id = n.meeting_id "
            "WHERE n.referral_id = ? AND m.status = 'approved' ORDER BY m.date",
            (ref_id,),
        )
    ]
    if days:
        vault.conn.execute("INSERT OR IGNORE INTO minutes_unlock (referral_id) VALUES (?)", (ref_id,))
        vault.audit("minutes.unlock", ref=case_ref, detail=f"{why}: approved minutes of {', '.join(days)}")


def _ids(conn: Connection, refs: list[str]) -> list[int]:
    found = dict(conn.execute("SELECT case_ref, id FROM referrals").fetchall()) if refs else {}
    return [int(found[r]) for r in refs]


def _delete_case(vault: Vault, case_ref: str, why: str) -> bool:
    conn = vault.conn
    row = conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (case_ref,)).fetchone()
    if row is None:
        return False
    ref_id = row[0]
    _unlock_minutes(vault, ref_id, case_ref, why)
    # The schema cascades these; deleting them explicitly keeps the purge whole even if a
    # connection ever runs with foreign_keys off.
    for table in ("agenda_items", "actions", "minutes", "case_children", "case_perpetrators"):
        conn.execute(f"DELETE FROM {table} WHERE referral_id = ?", (ref_id,))  # noqa: S608 - fixed names
    for table in ("outreach_clients", "freedom_participants"):
        conn.execute(f"UPDATE {table} SET referral_id = NULL WHERE referral_id = ?", (ref_id,))  # noqa: S608
    conn.execute("UPDATE referrals SET repeat_of = NULL WHERE repeat_of = ?", (ref_id,))
    conn.execute("DELETE FROM referrals WHERE id = ?", (ref_id,))
    conn.execute("DELETE FROM minutes_unlock WHERE referral_id = ?", (ref_id,))
    return True


def _remove_orphan_persons(conn: Connection) -> int:
    # A person a stub names stays while a held person is linked to it: the stub is that held
    # person's history (the link is to someone still held, so no identity is kept for the stub).
    conn.execute(
        "UPDATE persons SET canonical_id = NULL WHERE canonical_id IS NOT NULL AND canonical_id NOT IN "
        "(SELECT victim_id FROM referrals UNION SELECT perpetrator_id FROM referrals "
        "WHERE perpetrator_id IS NOT NULL UNION SELECT person_id FROM case_perpetrators "
        "UNION SELECT victim_id FROM referral_stubs WHERE victim_id IS NOT NULL "
        "UNION SELECT perpetrator_id FROM referral_stubs WHERE perpetrator_id IS NOT NULL)"
    )
    cur = conn.execute(
        "DELETE FROM persons WHERE id NOT IN (SELECT victim_id FROM referrals) AND id NOT IN "
        "(SELECT perpetrator_id FROM referrals WHERE perpetrator_id IS NOT NULL) AND id NOT IN "
        "(SELECT person_id FROM case_perpetrators) AND id NOT IN "
        "(SELECT canonical_id FROM persons WHERE canonical_id IS NOT NULL)"
    )
    return int(cur.rowcount or 0)


def _page_count(conn: Connection) -> int:
    return int(conn.execute("PRAGMA page_count").fetchone()[0])


def vacuum(vault: Vault) -> int:
    """Rebuild the file so freed pages leave it; returns the new page count."""
    vault.conn.execute("VACUUM")
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return _page_count(vault.conn)
