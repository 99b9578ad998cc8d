"""MARAC test helpers: referrals and persons are inserted directly (the cases area owns the real
service), so these tests do not depend on that branch."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest

from dv_forum.vault import Vault

_counter = itertools.count(1)


def insert_referral(vault: Vault, case_ref: str, referral_date: str, **fields: Any) -> int:
    victim_key = fields.pop("victim_key", None) or os.urandom(16)
    with vault.transaction():
        row = vault.conn.execute(
            "SELECT id FROM persons WHERE kind = 'victim' AND link_key = ?", (victim_key,)
        ).fetchone()
        if row:
            victim = row[0]
        else:
            victim = vault.conn.execute(
                "INSERT INTO persons (kind, link_key) VALUES ('victim', ?)", (victim_key,)
            ).lastrowid
        values: dict[str, Any] = {
            "case_ref": case_ref, "referral_date": referral_date, "victim_id": victim,
            "victim_initials": "AB", "victim_age": 34, "victim_gender": "F", "children": 2,
            "criteria": "visible_high_risk", "dash_score": 16, "risk_band": "high",
            "referring_agency": "Police", "idva": "IDVA 1",
            "created_at": "2026-01-01T00:00:00+00:00", "updated_at": "2026-01-01T00:00:00+00:00",
        }
        values.update(fields)
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = vault.conn.execute(f"INSERT INTO referrals ({cols}) VALUES ({marks})", list(values.values()))
    return int(cur.lastrowid or 0)


@pytest.fixture
def referral(vault: Vault) -> Callable[..., int]:
    def make(referral_date: str, case_ref: str | None = None, **fields: Any) -> int:
        ref = case_ref or f"NWL-TEST-{next(_counter):04d}"
        return insert_referral(vault, ref, referral_date, **fields)

    return make
