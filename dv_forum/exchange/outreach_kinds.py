"""Outreach clients and contacts as they travel. A client is keyed by its code; a contact by the
device that made it and its number there. The MARAC case a client is linked to never travels."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dv_forum.exchange.kinds import Kind, Values, local_row, map_row, my_device, peers, text
from dv_forum.vault.db import Connection

CLIENT_FIELDS = (
    "code",
    "referral_date",
    "referral_source",
    "locality",
    "barriers",
    "safe_method",
    "safe_times",
    "worker",
    "status",
    "closed_date",
)
CONTACT_COLUMNS = (
    "at",
    "worker",
    "type",
    "safe",
    "duration_min",
    "risk_review",
    "dash_score",
    "new_incident",
    "safety_plan",
    "issues",
    "barriers_met",
    "next_contact",
    "notes",
)
CONTACT_FIELDS = ("client", *CONTACT_COLUMNS, "onward")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _kind(conn: Connection) -> str:
    row = conn.execute("SELECT kind FROM exchange_identity").fetchone()
    return str(row[0]) if row else "coordinator"


def _owner(conn: Connection) -> str:
    """An outreach vault's own worker: the user it was created for."""
    row = conn.execute("SELECT name FROM users WHERE active = 1 ORDER BY id LIMIT 1").fetchone()
    return str(row[0])


def client_snapshot(conn: Connection, key: str) -> Values | None:
    row = conn.execute(
        f"SELECT {', '.join(CLIENT_FIELDS)} FROM outreach_clients WHERE code = ?", (key,)
    ).fetchone()
    if row is None:
        return None
    values = {f: text(row[i]) for i, f in enumerate(CLIENT_FIELDS)}
    if _kind(conn) == "outreach":
        values["worker"] = my_device(conn)  # her vault's clients are all hers, named as her device
    return values


def client_targets(conn: Connection, values: Values) -> set[str]:
    worker = (values.get("worker") or "").casefold()
    return {d for d in peers(conn, "outreach") if d.casefold() == worker}


def client_materialise(conn: Connection, key: str, values: Values | None) -> None:
    mine = _kind(conn) == "outreach"
    worker = (values or {}).get("worker") or ""
    if values is None or (mine and worker.casefold() != (my_device(conn) or "").casefold()):
        conn.execute("DELETE FROM outreach_clients WHERE code = ?", (key,))  # gone, or no longer hers
        return
    if not values.get("referral_date") or not worker:
        return  # not whole yet: the rest arrives with a later change
    cols = {f: values.get(f) for f in CLIENT_FIELDS if f in values and f != "code"}
    cols["worker"] = _owner(conn) if mine else worker
    cols["barriers"] = cols.get("barriers") or ""
    cols["status"] = cols.get("status") or "open"
    if conn.execute("SELECT 1 FROM outreach_clients WHERE code = ?", (key,)).fetchone():
        sets = ", ".join(f"{c} = ?" for c in cols)
        conn.execute(
            f"UPDATE outreach_clients SET {sets}, updated_at = ? WHERE code = ?",
            (*cols.values(), _now(), key),
        )
    else:
        cols.update(code=key, created_at=_now(), updated_at=_now())
        conn.execute(
            f"INSERT INTO outreach_clients ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(cols.values()),
        )


def client_keys(conn: Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT code FROM outreach_clients ORDER BY code")]


def contact_snapshot(conn: Connection, key: str) -> Values | None:
    row_id = local_row(conn, f"contact:{key}", "outreach_contacts")
    row = None
    if row_id is not None:
        row = conn.execute(
            f"SELECT k.code, {', '.join('c.' + c for c in CONTACT_COLUMNS)} FROM outreach_contacts c"
            " JOIN outreach_clients k ON k.id = c.client_id WHERE c.id = ?",
            (row_id,),
        ).fetchone()
    if row is None:
        return None
    values = {f: text(row[i]) for i, f in enumerate(("client", *CONTACT_COLUMNS))}
    if _kind(conn) == "outreach":
        values["worker"] = my_device(conn)
    onward = conn.execute(
        "SELECT agency, referred_date, accepted FROM outreach_onward WHERE contact_id = ? ORDER BY id",
        (row_id,),
    ).fetchall()
    values["onward"] = json.dumps([list(o) for o in onward])
    return values


def contact_materialise(conn: Connection, key: str, values: Values | None) -> None:
    record = f"contact:{key}"
    row_id = local_row(conn, record, "outreach_contacts")
    if values is None:
        if row_id is not None:
            conn.execute("DELETE FROM outreach_contacts WHERE id = ?", (row_id,))
            conn.execute("DELETE FROM exchange_rows WHERE record = ?", (record,))
        return
    client = conn.execute(
        "SELECT id FROM outreach_clients WHERE code = ?", (values.get("client"),)
    ).fetchone()
    if client is None or not all(values.get(c) for c in ("at", "worker", "type", "safe")):
        return  # not whole yet, or a client this vault does not hold
    cols = {c: values.get(c) for c in CONTACT_COLUMNS}
    for flag in ("risk_review", "new_incident"):
        cols[flag] = cols[flag] or "0"
    cols.update(safety_plan=cols["safety_plan"] or "none", issues=cols["issues"] or "")
    cols.update(barriers_met=cols["barriers_met"] or "", client_id=client[0])
    if (
        row_id is not None
        and conn.execute("SELECT 1 FROM outreach_contacts WHERE id = ?", (row_id,)).fetchone()
    ):
        sets = ", ".join(f"{c} = ?" for c in cols)
        conn.execute(f"UPDATE outreach_contacts SET {sets} WHERE id = ?", (*cols.values(), row_id))
    else:
        cols["created_at"] = _now()
        cur = conn.execute(
            f"INSERT INTO outreach_contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            tuple(cols.values()),
        )
        row_id = int(cur.lastrowid or 0)
        map_row(conn, record, "outreach_contacts", row_id)
    conn.execute("DELETE FROM outreach_onward WHERE contact_id = ?", (row_id,))
    for agency, day, accepted in json.loads(values.get("onward") or "[]"):
        conn.execute(
            "INSERT INTO outreach_onward (contact_id, agency, referred_date, accepted) VALUES (?,?,?,?)",
            (row_id, agency, day, accepted),
        )


def contact_keys(conn: Connection) -> list[str]:
    rows = conn.execute("SELECT record FROM exchange_rows WHERE tbl = 'outreach_contacts' ORDER BY record")
    return [str(r[0]).partition(":")[2] for r in rows]


def _nobody(conn: Connection, values: Values) -> set[str]:
    return set()  # contacts go to the coordinator only


KINDS = (
    Kind("client", CLIENT_FIELDS, client_snapshot, client_targets, client_materialise, client_keys),
    Kind("contact", CONTACT_FIELDS, contact_snapshot, _nobody, contact_materialise, contact_keys),
)
