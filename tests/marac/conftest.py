"""MARAC test helpers: referrals and persons are inserted directly (the cases area owns the real
service), so these tests do not depend on that branch."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest

from dv_forum.cases.repeats import RepeatRules
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
            "case_ref": case_ref,
            "referral_date": referral_date,
            "victim_id": victim,
            "victim_initials": "AB",
            "victim_age": 34,
            "victim_gender": "F",
            "children": 2,
            "criteria": "visible_high_risk",
            "dash_score": 16,
            "risk_band": "high",
            "referring_agency": "Police",
            "idva": "IDVA 1",
            "created_at": "2026-01-01T00:00:00+00:00",
            "updated_at": "2026-01-01T00:00:00+00:00",
            # Flags as the test gives them, marked current, so screens and packs show them as stored.
            "repeat_rule": RepeatRules().code,
            "serial_perp": 0,
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


MARKER = "ZQXMARKER"  # an identity marker seeded into free text the pack must never print


@pytest.fixture
def populated(vault: Vault, referral: Callable[..., int]) -> dict[str, Any]:
    """Two meetings: an earlier one with two heard cases and actions, and the next with five new
    referrals on its agenda, attendance by four agencies and one observer."""
    from dv_forum.marac import actions, agenda, attendance, meetings

    first = meetings.add_meeting(vault, "2026-02-26", "CV-HUB", "DI Chair")
    nxt = meetings.add_meeting(vault, "2026-03-12", "CV-HUB", "DI Chair")
    old = [
        referral("2026-02-10", notes=f"{MARKER} old notes", pj_reason=f"{MARKER} reason") for _ in range(2)
    ]
    agenda.add_cases(vault, first.id, old)
    a1 = actions.add_action(vault, first.id, old[0], "Police", "Flag the address", "PC 1", "2026-03-05")
    a2 = actions.add_action(vault, first.id, old[1], "Housing", "Sanctuary scheme", None, "2026-04-01")
    meetings.mark_held(vault, first.id)
    new = [
        referral(
            "2026-03-0" + str(i + 1),
            notes=f"{MARKER} notes {i}",
            previous_marac_where=MARKER,
            is_repeat=int(i == 0),
            repeat_outside_date="2025-08-01" if i == 0 else None,
        )
        for i in range(5)
    ]
    agenda.accept_proposal(vault, nxt.id)
    agenda.set_summary(vault, nxt.id, new[0], "Escalating controlling behaviour since separation.")
    for agency, name in [
        ("Police", "PC 1"),
        ("IDVA service", "IDVA A"),
        ("Housing", "H Officer"),
        ("Health/GP", "Dr G"),
    ]:
        attendance.set_attendance(vault, nxt.id, agency, "present", name)
    attendance.set_attendance(vault, nxt.id, "Probation", "apologies")
    attendance.add_observer(vault, nxt.id, "Student", "University", True)
    return {"first": first, "next": nxt, "old": old, "new": new, "actions": [a1, a2]}
