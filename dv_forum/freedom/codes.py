"""Pseudonymous codes (cohorts, participants, outreach clients): short, and shaped so that a name
typed by mistake is refused rather than stored."""

from __future__ import annotations

import re
from typing import Any

from dv_forum.errors import UserError

_CODE = re.compile(r"^[A-Z]{1,4}[A-Z0-9]*(-[A-Z0-9]+){0,3}$")


def check_code(text: str, what: str) -> str:
    code = (text or "").strip().upper()
    # At least one digit: a pseudonymous code is never a bare word such as a name.
    if not (1 <= len(code) <= 20 and _CODE.match(code) and any(ch.isdigit() for ch in code)):
        raise UserError(
            f"A {what} code must be 1-20 letters, digits and hyphens, with at least one digit "
            "(for example P-2026-014).",
            "Use a code, never a name.",
        )
    return code


def next_code(conn: Any, table: str, prefix: str, width: int) -> str:
    """The next free code PREFIX-NNN in ``table``'s code column (table names are ours, never input)."""
    n = int(conn.execute(f"SELECT count(*) FROM {table} WHERE code LIKE ?", (prefix + "%",)).fetchone()[0])
    while True:
        n += 1
        code = f"{prefix}{n:0{width}d}"
        if conn.execute(f"SELECT 1 FROM {table} WHERE code = ?", (code,)).fetchone() is None:
            return code


def referral_id(conn: Any, case_ref: str | None) -> int | None:
    """The referrals.id for an optional case reference (the cases area owns that table)."""
    if not case_ref or not case_ref.strip():
        return None
    row = conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (case_ref.strip(),)).fetchone()
    if row is None:
        raise UserError(
            f"No referral has the case reference {case_ref.strip()}.",
            "Check the reference, or leave it empty.",
        )
    return int(row[0])


def case_ref(conn: Any, ref_id: int | None) -> str | None:
    if ref_id is None:
        return None
    row = conn.execute("SELECT case_ref FROM referrals WHERE id = ?", (ref_id,)).fetchone()
    return str(row[0]) if row else None
