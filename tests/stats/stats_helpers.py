"""Test data for the statistics: persons and referrals inserted directly (no cases-area code)."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

_refs = itertools.count(1)


def person(conn, kind: str, name: str) -> int:
    key = hashlib.sha256(f"{kind}:{name}".encode()).digest()
    row = conn.execute("SELECT id FROM persons WHERE kind = ? AND link_key = ?", (kind, key)).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO persons (kind, link_key) VALUES (?, ?)", (kind, key)).lastrowid


DEFAULTS: dict[str, Any] = {
    "heard_date": None,
    "referring_agency": "Police",
    "victim_gender": "F",
    "victim_age": 30,
    "bame": 0,
    "disability": 0,
    "lgbt": 0,
    "children": 0,
    "area": "Greenhill",
    "perp_age": 35,
    "perp_under18": 0,
    "risk_band": "high",
    "dash_score": 15,
    "is_repeat": 0,
}


def referral(conn, referral_date: str, victim: str = "V", perp: str = "P", **fields: Any) -> int:
    values = {**DEFAULTS, **fields}
    values["referral_date"] = referral_date
    values["victim_id"] = person(conn, "victim", victim)
    values["perpetrator_id"] = person(conn, "perpetrator", perp)
    values["case_ref"] = f"T-{next(_refs):06d}"
    values["created_at"] = values["updated_at"] = "2024-01-01T00:00:00"
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return conn.execute(f"INSERT INTO referrals ({cols}) VALUES ({marks})", list(values.values())).lastrowid


def meeting(conn, day: str) -> int:
    return conn.execute("INSERT INTO meetings (date, status) VALUES (?, 'held')", (day,)).lastrowid
