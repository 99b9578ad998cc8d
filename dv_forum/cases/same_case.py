"""The same victim and perpetrator referred again before their case is heard (Police on 1 October,
Health on 3 October, both heard on 14 October) is one case with two referring agencies: not a
second case and not a repeat, in every count. The later referral is recorded on the earlier case as
a further referring agency instead of becoming a case of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dv_forum.cases.import_columns import Checked
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

# A case not yet heard this long after its referral is not "awaiting its hearing" any more: a MARAC
# hears a case at its next meeting, within weeks (a heard date not recorded must not fold months of
# later referrals into one case); a referral after that is a case of its own.
AWAITING_DAYS = 28

_SQL = """
SELECT r.id, r.case_ref FROM referrals r
JOIN persons v ON v.id = r.victim_id
JOIN persons p ON p.id = r.perpetrator_id
WHERE coalesce(v.canonical_id, v.id) = ? AND coalesce(p.canonical_id, p.id) = ?
  AND r.status = 'open' AND r.referral_date <= ? AND r.referral_date >= ?
  AND (r.heard_date IS NULL OR r.heard_date >= ?)
ORDER BY r.referral_date, r.id LIMIT 1
"""


class SameCase(UserError):
    """A referral that is the same case as one awaiting its hearing."""

    def __init__(self, case_ref: str) -> None:
        super().__init__(
            f"Case {case_ref} has the same victim and perpetrator and is awaiting its hearing: this "
            "referral is the same case, not a new one.",
            f"Add the agency to case {case_ref} as a further referring agency "
            f"(dv-forum cases add-referrer {case_ref} AGENCY --date DATE).",
        )
        self.case_ref = case_ref


@dataclass(frozen=True)
class Referrer:
    agency: str
    referral_date: str

    def to_dict(self) -> dict[str, str]:
        return {"agency": self.agency, "referral_date": self.referral_date}


def _root(conn: Connection, person: int) -> int:
    row = conn.execute("SELECT coalesce(canonical_id, id) FROM persons WHERE id = ?", (person,)).fetchone()
    return int(row[0]) if row else person


def awaiting(conn: Connection, victim: int | None, perpetrator: int | None, referral_date: str) -> str | None:
    """The case reference of the same pair's case awaiting its hearing on ``referral_date``, if any."""
    if victim is None or perpetrator is None:
        return None
    earliest = (date.fromisoformat(referral_date) - timedelta(days=AWAITING_DAYS)).isoformat()
    row = conn.execute(
        _SQL, (_root(conn, victim), _root(conn, perpetrator), referral_date, earliest, referral_date)
    ).fetchone()
    return None if row is None else str(row[1])


def record(conn: Connection, referral_id: int, agency: str, referral_date: str) -> None:
    conn.execute(
        "INSERT INTO case_referrers (referral_id, agency, referral_date, added_at) VALUES (?, ?, ?, ?)",
        (referral_id, agency, referral_date, date.today().isoformat()),
    )


def add_referrer(vault: Vault, case_ref: str, agency: str, referral_date: str) -> list[Referrer]:
    """Record a further referring agency on a case; returns the case's further referrers."""
    vault.require(Perm.EDIT_CASES)
    agency = " ".join(agency.split())
    if not 1 <= len(agency) <= 80:
        raise UserError("Give the referring agency (up to 80 characters).", "For example: Health/GP")
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT id, referral_date FROM referrals WHERE case_ref = ?", (case_ref,)
        ).fetchone()
        if row is None:
            from dv_forum.cases.referrals import CaseNotFound

            raise CaseNotFound(case_ref)
        if referral_date < row[1]:
            raise UserError("A further referral cannot be dated before the case's own.", "Check the date.")
        record(conn, int(row[0]), agency, referral_date)
        vault.audit("case.referrer_add", ref=case_ref)
        return referrers(conn, int(row[0]))


def referrers(conn: Any, referral_id: int) -> list[Referrer]:
    rows = conn.execute(
        "SELECT agency, referral_date FROM case_referrers WHERE referral_id = ? ORDER BY referral_date, id",
        (referral_id,),
    )
    return [Referrer(str(a), str(d)) for a, d in rows]


Target = tuple[str, int]  # ("row", index of the file's row) or ("case", an existing referral's id)


def fold_rows(
    conn: Connection, dates: list[str], heard: list[Any], victims: list[int], perps: list[int | None]
) -> dict[int, Target]:
    """For an import: rows that are the same case as an earlier row of the file or as a case in the
    vault awaiting its hearing, mapped to that row or case (rows in referral-date order)."""
    roots: dict[int, int] = {}

    def root(person: int) -> int:
        if person not in roots:
            roots[person] = _root(conn, person)
        return roots[person]

    open_rows: dict[tuple[int, int], int] = {}  # pair -> the file row its case began with
    folded: dict[int, Target] = {}
    for i in sorted(range(len(dates)), key=lambda k: (dates[k], k)):
        if perps[i] is None:
            continue
        pair = (root(victims[i]), root(perps[i]))  # type: ignore[arg-type]
        first = open_rows.get(pair)
        if first is not None and _awaits(dates[first], heard[first], dates[i]):
            folded[i] = ("row", first)
            continue
        existing = awaiting(conn, victims[i], perps[i], dates[i])
        if existing is not None:
            row = conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (existing,)).fetchone()
            folded[i] = ("case", int(row[0]))
            continue
        open_rows[pair] = i
    return folded


def _awaits(first_date: str, first_heard: str | None, later: str) -> bool:
    earliest = (date.fromisoformat(later) - timedelta(days=AWAITING_DAYS)).isoformat()
    return earliest <= first_date <= later and (first_heard is None or first_heard >= later)


def fold_checked(
    conn: Connection, checked: Checked, vids: list[int], pids: list[int | None]
) -> list[tuple[Target, str, str]]:
    """Rows that are the same case as an earlier one (same_case) leave the rows to insert (in place)
    and come back as further referring agencies of their case (a row target by its new index)."""
    cols = checked.columns
    folded = fold_rows(conn, cols["referral_date"], cols.get("heard_date", [None] * len(vids)), vids, pids)
    if not folded:
        return []
    keep = [i for i in range(len(vids)) if i not in folded]
    new_index = {old: new for new, old in enumerate(keep)}
    agencies = cols.get("referring_agency", [None] * len(vids))
    out = [
        ((kind, new_index[t] if kind == "row" else t), agencies[i] or "", cols["referral_date"][i])
        for i, (kind, t) in folded.items()
    ]
    checked.columns = {k: [col[i] for i in keep] for k, col in cols.items()}
    checked.numbers = [checked.numbers[i] for i in keep]
    checked.victims = [checked.victims[i] for i in keep]
    checked.perps = [checked.perps[i] for i in keep]
    checked.folded = len(out)
    vids[:] = [vids[i] for i in keep]
    pids[:] = [pids[i] for i in keep]
    return out


def record_folds(conn: Connection, folds: list[tuple[Target, str, str]], first_id: int) -> None:
    """Record an import's folded rows on their cases (a row target is the new index of a row
    inserted from ``first_id``)."""
    for (kind, target), agency, day in folds:
        record(conn, first_id + target if kind == "row" else target, agency or "not recorded", day)
