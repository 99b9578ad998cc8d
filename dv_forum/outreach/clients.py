"""Outreach clients: pseudonymous codes, referral, locality, access barriers, safe contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from dv_forum.dates import parse_date
from dv_forum.errors import InputError, UserError
from dv_forum.exchange import track
from dv_forum.exchange.kinds import code_tag
from dv_forum.freedom.codes import case_ref, check_code, next_code, referral_id
from dv_forum.lists import get_list
from dv_forum.outreach.access import check_worker, client_row, view_scope
from dv_forum.outreach.vocab import BARRIERS, SAFE_METHODS
from dv_forum.vault import Vault


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Client:
    id: int
    code: str
    case_ref: str | None
    referral_date: str
    referral_source: str | None
    locality: str | None
    barriers: tuple[str, ...]
    safe_method: str | None
    safe_times: str | None
    worker: str
    status: str
    closed_date: str | None


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(v for v in (text or "").split(";") if v)


def to_client(conn: Any, row: Any) -> Client:
    return Client(
        id=row["id"],
        code=row["code"],
        case_ref=case_ref(conn, row["referral_id"]),
        referral_date=row["referral_date"],
        referral_source=row["referral_source"],
        locality=row["locality"],
        barriers=split_list(row["barriers"]),
        safe_method=row["safe_method"],
        safe_times=row["safe_times"],
        worker=row["worker"],
        status=row["status"],
        closed_date=row["closed_date"],
    )


def _fields(conn: Any, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Validate the editable client fields given; returns column values and problems."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    if "referral_date" in values:
        try:
            raw = values["referral_date"]
            day = raw if isinstance(raw, date) else parse_date(str(raw))
            out["referral_date"] = day.isoformat()
        except ValueError as exc:
            problems.append(f"referral date: {exc}")
    if "referral_source" in values:
        out["referral_source"] = (values["referral_source"] or "").strip()[:60] or None
    if "locality" in values:
        loc = (values["locality"] or "").strip() or None
        if loc is not None and loc not in get_list(conn, "locality", include_inactive=True):
            problems.append(f"locality '{loc[:30]}' is not on the locality list")
        out["locality"] = loc
    if "barriers" in values:
        chosen = [b.strip() for b in values["barriers"] or () if b.strip()]
        problems += [f"'{b[:30]}' is not a known access barrier" for b in chosen if b not in BARRIERS]
        out["barriers"] = ";".join(dict.fromkeys(chosen))
    if "safe_method" in values:
        method = (values["safe_method"] or "").strip() or None
        if method is not None and method not in SAFE_METHODS:
            problems.append(f"safe contact method must be one of: {', '.join(SAFE_METHODS)}")
        out["safe_method"] = method
    if "safe_times" in values:
        times = (values["safe_times"] or "").strip() or None
        if times is not None and len(times) > 120:
            problems.append("safe contact times are longer than 120 characters")
        out["safe_times"] = times
    if "case" in values:
        out["referral_id"] = referral_id(conn, values["case"])
    return out, problems


def add_client(
    vault: Vault,
    referral_date: str | date,
    *,
    code: str | None = None,
    worker: str | None = None,
    **details: Any,
) -> str:
    """Open a client record. ``details``: referral_source, locality, barriers (list),
    safe_method, safe_times, case (a referral's case reference). Returns the client code."""
    owner = check_worker(vault, worker)
    unknown = set(details) - {"referral_source", "locality", "barriers", "safe_method", "safe_times", "case"}
    if unknown:
        raise TypeError(f"unknown client fields: {sorted(unknown)}")
    with vault.transaction() as conn:
        cols, problems = _fields(conn, {"referral_date": referral_date, **details})
        if problems:
            raise InputError(problems, "The client")
        year = cols["referral_date"][:4]
        the_code = (
            check_code(code, "client")
            if code
            else next_code(conn, "outreach_clients", f"OR-{year}-{code_tag(conn)}", 4)
        )
        if conn.execute("SELECT 1 FROM outreach_clients WHERE code = ?", (the_code,)).fetchone():
            raise UserError(f"There is already a client {the_code}.", "Choose another code.")
        cols.update(code=the_code, worker=owner, created_at=now_iso(), updated_at=now_iso())
        names = ", ".join(cols)
        conn.execute(
            f"INSERT INTO outreach_clients ({names}) VALUES ({', '.join('?' * len(cols))})",
            tuple(cols.values()),
        )
        vault.audit("outreach.client.add", ref=the_code)
        track.touch(conn, "client", the_code)
    return the_code


def update_client(vault: Vault, code: str, **changes: Any) -> None:
    """Change any of the add_client details; ``worker`` reassigns (coordinator only)."""
    row = client_row(vault, code, edit=True)
    with vault.transaction() as conn:
        cols, problems = _fields(conn, changes)
        if "worker" in changes:
            cols["worker"] = check_worker(vault, changes["worker"])
        if problems:
            raise InputError(problems, "The client")
        if not cols:
            return
        cols["updated_at"] = now_iso()
        assigns = ", ".join(f"{k} = ?" for k in cols)  # keys come from _fields, never from input
        conn.execute(f"UPDATE outreach_clients SET {assigns} WHERE id = ?", (*cols.values(), row["id"]))
        vault.audit("outreach.client.edit", ref=row["code"], detail=",".join(sorted(cols)))
        track.touch(conn, "client", row["code"])


def close_client(vault: Vault, code: str, today: date | None = None) -> None:
    row = client_row(vault, code, edit=True)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE outreach_clients SET status = 'closed', closed_date = ?, updated_at = ? WHERE id = ?",
            ((today or date.today()).isoformat(), now_iso(), row["id"]),
        )
        vault.audit("outreach.client.close", ref=row["code"])
        track.touch(conn, "client", row["code"])


def get_client(vault: Vault, code: str) -> Client:
    row = client_row(vault, code)
    with vault.transaction():
        vault.audit("outreach.client.view", ref=row["code"])
    return to_client(vault.conn, row)


def list_clients(vault: Vault, worker: str | None = None, include_closed: bool = False) -> list[Client]:
    """Your clients (a coordinator: everyone's, or one worker's)."""
    scope = view_scope(vault, worker)
    sql = "SELECT * FROM outreach_clients WHERE 1 = 1"
    params: list[Any] = []
    if scope is not None:
        sql += " AND worker = ?"
        params.append(scope)
    if not include_closed:
        sql += " AND status = 'open'"
    rows = vault.conn.execute(sql + " ORDER BY code", params).fetchall()
    with vault.transaction():
        vault.audit("outreach.clients.view", ref=None, detail=f"{len(rows)} clients")
    return [to_client(vault.conn, r) for r in rows]
