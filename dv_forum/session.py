"""What the desktop shell needs from the core that belongs to no single area: its settings and the
"what is due" summary on the Home screen. No Qt here."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dv_forum.dates import shown_with_day
from dv_forum.settings import Setting
from dv_forum.vault import Perm, Vault

AUTO_LOCK_MINUTES = Setting(
    "session.auto_lock_minutes",
    int,
    5,
    "Lock the desktop program after this many minutes without keyboard or mouse use (0 = never)",
    maximum=480,
)

# Modules with ``items(vault, today) -> list[DueItem]`` for the Home screen: an area adds its
# module here (imported when Home loads, as they import DueItem from here).
DUE_MODULES = ("dv_forum.outreach.due",)


@dataclass(frozen=True)
class DueItem:
    label: str  # "Overdue MARAC actions"; counts and dates only, never names or case content
    value: str  # "3", "Tue 14 Apr 2026"
    area: str  # navigation key of the screen that deals with it
    view: str = ""  # the list on that screen it counts ("actions", "due"), opened by Home's button


@dataclass
class Due:
    items: list[DueItem] = field(default_factory=list)


def _count(conn: Any, sql: str, params: tuple[Any, ...]) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def due_summary(vault: Vault, today: date | None = None) -> Due:
    """Light queries for the Home screen, limited to what the signed-in user may see: each area's
    items only for a role with that area's view permission (skipped, not denied, so opening Home
    audits no denial).

    Areas add their own items through DUE_MODULES, which keep to the user's scope themselves.
    """
    today = today or date.today()
    iso = today.isoformat()
    conn = vault.conn
    due = Due()
    if vault.can(Perm.VIEW_MEETINGS):
        row = conn.execute(
            "SELECT date FROM meetings WHERE date >= ? AND status = 'scheduled' ORDER BY date LIMIT 1",
            (iso,),
        ).fetchone()
        when = "none scheduled"
        if row is not None:
            when = shown_with_day(row[0])
        due.items.append(DueItem("Next MARAC meeting", when, "marac"))
        n = _count(conn, "SELECT count(*) FROM actions WHERE status = 'open' AND due_date < ?", (iso,))
        due.items.append(DueItem("Overdue MARAC actions", str(n), "marac", "actions"))
    for name in DUE_MODULES:
        due.items.extend(importlib.import_module(name).items(vault, today))
    return due
