"""Direct seeding of case data for reliability tests (the cases service may not be merged yet).

Rows are written straight into the shared tables with the same columns the services use."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from dv_forum.vault import Vault

NOW = datetime.now(UTC).isoformat(timespec="seconds")


def add_referral(
    vault: Vault,
    case_ref: str,
    referral_date: str,
    *,
    status: str = "open",
    closed_date: str | None = None,
    notes: str | None = None,
    initials: str | None = None,
    victim_key: bytes | None = None,
) -> int:
    conn = vault.conn
    with vault.transaction():
        key = victim_key or os.urandom(32)
        row = conn.execute("SELECT id FROM persons WHERE kind = 'victim' AND link_key = ?", (key,)).fetchone()
        victim = (
            row[0]
            if row
            else conn.execute("INSERT INTO persons (kind, link_key) VALUES ('victim', ?)", (key,)).lastrowid
        )
        perp = conn.execute(
            "INSERT INTO persons (kind, link_key) VALUES ('perpetrator', ?)", (os.urandom(32),)
        ).lastrowid
        if row is None:
            conn.execute(
                "INSERT INTO person_match_keys (person_id, key_kind, match_key) VALUES (?, 'dob', ?)",
                (victim, os.urandom(16)),
            )
        cur = conn.execute(
            "INSERT INTO referrals (case_ref, referral_date, victim_id, perpetrator_id, status, closed_date,"
            " notes, victim_initials, area, risk_band, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'North', 'high', ?, ?)",
            (case_ref, referral_date, victim, perp, status, closed_date, notes, initials, NOW, NOW),
        )
        return int(cur.lastrowid or 0)


def add_meeting(vault: Vault, day: str) -> int:
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO meetings (date, venue, status) VALUES (?, 'V1', 'held')", (day,)
        )
        return int(cur.lastrowid or 0)


def hear(vault: Vault, meeting_id: int, referral_id: int, text: str) -> None:
    """Agenda item with a summary, an action and minutes for the case at the meeting."""
    with vault.transaction():
        conn = vault.conn
        pos = conn.execute(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ?", (meeting_id,)
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO agenda_items (meeting_id, referral_id, position, summary) VALUES (?, ?, ?, ?)",
            (meeting_id, referral_id, pos + 1, f"summary {text}"),
        )
        conn.execute(
            "INSERT INTO actions (meeting_id, referral_id, agency, owner, description, created_at, updated_at)"
            " VALUES (?, ?, 'Police', ?, ?, ?, ?)",
            (meeting_id, referral_id, f"owner {text}"[:80], f"action {text}", NOW, NOW),
        )
        conn.execute(
            "INSERT INTO minutes (meeting_id, referral_id, info_shared, updated_at) VALUES (?, ?, ?, ?)",
            (meeting_id, referral_id, f"minutes {text}", NOW),
        )


def add_outreach_client(vault: Vault, code: str, referral_id: int | None, worker: str = "coord") -> int:
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO outreach_clients (code, referral_id, referral_date, worker, created_at, updated_at)"
            " VALUES (?, ?, '2020-01-01', ?, ?, ?)",
            (code, referral_id, worker, NOW, NOW),
        )
        return int(cur.lastrowid or 0)


def add_freedom_participant(vault: Vault, code: str, referral_id: int | None) -> int:
    with vault.transaction():
        cur = vault.conn.execute(
            "INSERT INTO freedom_participants (code, referral_id, created_at) VALUES (?, ?, ?)",
            (code, referral_id, NOW),
        )
        return int(cur.lastrowid or 0)
