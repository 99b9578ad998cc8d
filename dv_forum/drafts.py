"""Drafts: what a user had typed into a form when the vault locked, kept inside the vault and
offered back to the same user after unlock. One draft per user and form; taking it removes it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dv_forum.vault import Vault

MAX_CONTENT = 200_000  # characters of JSON; a form's input is far smaller


@dataclass(frozen=True)
class Draft:
    form: str
    saved_at: str  # local time, ISO, to the second
    content: dict[str, Any]

    @property
    def time_text(self) -> str:
        """ "14:32" today, "01/12/2026 14:32" on another day."""
        when = datetime.fromisoformat(self.saved_at)
        if when.date() == datetime.now().date():
            return f"{when:%H:%M}"
        return f"{when:%d/%m/%Y %H:%M}"


def save_drafts(vault: Vault, drafts: dict[str, dict[str, Any]]) -> int:
    """Keep each form's draft for the signed-in user (replacing an older one); returns how many."""
    stamp = datetime.now().isoformat(timespec="seconds")
    kept = 0
    with vault.transaction():
        for form, content in drafts.items():
            text = json.dumps(content, ensure_ascii=False)
            if len(text) > MAX_CONTENT:
                continue
            vault.conn.execute(
                "INSERT INTO drafts (user, form, saved_at, content) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user, form) DO UPDATE SET saved_at = excluded.saved_at, "
                "content = excluded.content",
                (vault.user.name, form, stamp, text),
            )
            kept += 1
        if kept:
            vault.audit("draft.save", detail=f"{kept} form(s)")
    return kept


def take_drafts(vault: Vault) -> list[Draft]:
    """The signed-in user's drafts, removed from the vault as they are handed over."""
    rows = vault.conn.execute(
        "SELECT form, saved_at, content FROM drafts WHERE user = ? ORDER BY form", (vault.user.name,)
    ).fetchall()
    if not rows:
        return []
    with vault.transaction():
        vault.conn.execute("DELETE FROM drafts WHERE user = ?", (vault.user.name,))
    return [Draft(r[0], r[1], json.loads(r[2])) for r in rows]
