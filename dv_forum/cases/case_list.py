"""Lists of referrals: summaries for `cases list` and reports, and the compact rows the Cases
screen holds (100,000 referrals cheaply). Every listing is audited and reads current flags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dv_forum.cases import transfer_view
from dv_forum.cases.recompute import ensure_current
from dv_forum.cases.referrals import heard_only
from dv_forum.cases.settings import repeat_rules
from dv_forum.vault import Perm, Vault

SUMMARY_COLUMNS = (
    "id",
    "case_ref",
    "referral_date",
    "heard_date",
    "area",
    "victim_initials",
    "victim_age",
    "dash_score",
    "risk_band",
    "is_repeat",
    "repeat_of",
    "repeat_outside_date",
    "status",
    "referring_agency",
    "children",
    "idva",
    "serial_perp",
)


def list_cases(
    vault: Vault,
    repeat: bool | None = None,
    area: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    audit: bool = True,
) -> list[dict[str, Any]]:
    """Summaries in referral-date order; the filters combine. Audited as one listing."""
    vault.require(Perm.VIEW_CASES)
    sql = (
        f"SELECT {', '.join('r.' + c for c in SUMMARY_COLUMNS)}, p.case_ref AS prev_ref"
        " FROM referrals r LEFT JOIN referrals p ON p.id = r.repeat_of WHERE 1 = 1"
    )
    params: list[Any] = []
    if heard_only(vault):
        sql += " AND r.heard_date IS NOT NULL"
    if repeat is not None:
        sql += " AND r.is_repeat = ?"
        params.append(int(repeat))
    if area:
        sql += " AND r.area = ? COLLATE NOCASE"
        params.append(area)
    if date_from:
        sql += " AND r.referral_date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND r.referral_date <= ?"
        params.append(date_to)
    sql += " ORDER BY r.referral_date, r.id"
    with vault.transaction() as conn:
        ensure_current(conn)
        rows = conn.execute(sql, params).fetchall()
        if audit:
            vault.audit("case.list", detail=f"{len(rows)} cases")
        moved = transfer_view.by_referral(conn)
    return [summary(r) | {"transfer": moved[r["id"]]["text"] if r["id"] in moved else None} for r in rows]


def summary(r: Any) -> dict[str, Any]:
    return {
        "case_ref": r["case_ref"],
        "referral_date": r["referral_date"],
        "heard_date": r["heard_date"],
        "repeat": bool(r["is_repeat"]),
        "previous_referral": r["prev_ref"],
        "previous_marac_elsewhere": r["repeat_outside_date"],
        "risk_band": r["risk_band"],
        "dash_score": r["dash_score"],
        "area": r["area"],
        "initials": r["victim_initials"],
        "age": r["victim_age"],
        "referring_agency": r["referring_agency"],
        "children": r["children"],
        "idva": r["idva"],
        "status": r["status"],
        "serial_perp": bool(r["serial_perp"]),
    }


# Column order of table_rows(): compact tuples so a screen can hold 100,000 referrals cheaply.
TABLE_COLUMNS = (
    "case_ref",
    "referral_date",
    "heard_date",
    "area",
    "victim_initials",
    "victim_age",
    "dash_score",
    "risk_band",
    "is_repeat",
    "previous_referral",
    "status",
    "referring_agency",
)


# Newest first, as the Cases screen shows them: a first page (LIMIT) is then exactly the head of
# the full list, so the rows on screen do not move when the full list replaces them. Ties on the
# date go to the later referral (higher id). Both use the referral_date index, read backwards.
_TABLE_SQL = (
    "SELECT r.case_ref, r.referral_date, r.heard_date, r.area, r.victim_initials,"
    " r.victim_age, r.dash_score, r.risk_band, r.is_repeat,"
    " coalesce(p.case_ref, r.repeat_outside_date), r.status, r.referring_agency"
    " FROM referrals r LEFT JOIN referrals p ON p.id = r.repeat_of"
)
TABLE_ORDER = " ORDER BY r.referral_date DESC, r.id DESC"


def table_rows(vault: Vault, limit: int | None = None) -> list[tuple[Any, ...]]:
    """Referrals as plain tuples in TABLE_COLUMNS order, newest first (referral date, then the
    later referral), for the Cases screen; with ``limit`` only the newest ``limit`` of them.
    Audited as a listing ("case.list", with how many were read).

    Plain tuples straight from the cursor (no Row objects, no copy): at 100,000 referrals the Row
    wrapper and the tuple() copy were 70-100 ms of a 330 ms read.

    Repeat flags are made current first (recompute.ensure_current), except that a page (``limit``)
    whose own rows were all flagged under the current rules is returned as it is: checking every
    row costs a full table scan (about 50 ms at 100,000 referrals), more than the page itself. The
    screen reads the full list (which does check everything) straight after its first page.
    """
    vault.require(Perm.VIEW_CASES)
    sql = _TABLE_SQL + (" WHERE r.heard_date IS NOT NULL" if heard_only(vault) else "") + TABLE_ORDER
    with vault.transaction() as conn:
        cur = conn.cursor()
        cur.row_factory = None  # plain tuples (the connection's factory makes Row objects)
        rows: list[tuple[Any, ...]] | None = None
        if limit is not None:
            n = max(0, int(limit))
            code = repeat_rules(conn).code
            page = cur.execute(
                sql.replace(" FROM referrals r", ", r.repeat_rule FROM referrals r", 1) + " LIMIT ?",
                (n,),
            ).fetchall()
            if all(r[-1] == code for r in page):
                rows = [r[:-1] for r in page]
            else:
                ensure_current(conn)
                rows = cur.execute(sql + " LIMIT ?", (n,)).fetchall()
        else:
            ensure_current(conn)
            rows = _shared(cur.execute(sql))
        cur.close()
        what = f"{len(rows)} cases" if limit is None else f"newest {len(rows)} cases"
        vault.audit("case.list", detail=what)
    return rows


def _shared(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The same rows with each repeated value held once: dates, localities, bands, statuses,
        agencies and initials repeat across thousands of rows, but SQLite hands over a new string for
        every cell. Read row by row, so each row's own strings go as soon as it is kept (a million
    referrals: 1.17 GB at the peak when read whole, measured with bench/growth.py)."""
    one: dict[Any, Any] = {}
    d = one.setdefault
    return [
        (
            r[0],
            d(r[1], r[1]),
            d(r[2], r[2]),
            d(r[3], r[3]),
            d(r[4], r[4]),
            r[5],
            r[6],
            d(r[7], r[7]),
            r[8],
            r[9],
            d(r[10], r[10]),
            d(r[11], r[11]),
        )
        for r in rows
    ]


def table_row(vault: Vault, case_ref: str) -> tuple[Any, ...] | None:
    """One case's row as table_rows gives it, for the list to show a case just saved at once
    (the save has already brought its flags up to date; the save itself is what the audit records)."""
    vault.require(Perm.VIEW_CASES)
    cur = vault.conn.cursor()
    cur.row_factory = None
    try:
        row = cur.execute(_TABLE_SQL + " WHERE r.case_ref = ?", (case_ref,)).fetchone()
    finally:
        cur.close()
    return tuple(row) if row is not None else None
