"""What the desktop shell needs from the core that belongs to no single area: its settings and the
"what is due" summary on the Home screen. No Qt here."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dv_forum.settings import Setting
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import DatabaseError

AUTO_LOCK_MINUTES = Setting(
    "session.auto_lock_minutes",
    int,
    5,
    "Lock the desktop program after this many minutes without keyboard or mouse use (0 = never)",
)

AREAS = ("cases", "marac", "freedom", "outreach", "stats")


@dataclass(frozen=True)
class DueItem:
    label: str  # "Overdue MARAC actions"; counts and dates only, never names or case content
    value: str  # "3", "Tue 14 Apr 2026"
    area: str  # navigation key of the screen that deals with it


@dataclass
class Due:
    items: list[DueItem] = field(default_factory=list)


def _tables(conn: Any) -> dict[str, set[str]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: {c[1] for c in conn.execute(f"PRAGMA table_info({n!r})")} for n in names}


def _count(conn: Any, sql: str, params: tuple[Any, ...]) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def due_summary(vault: Vault, today: date | None = None) -> Due:
    """Light queries for the Home screen, limited to what the signed-in user may see: each area's
    items only for a role with that area's view permission (skipped, not denied, so opening Home
    audits no denial), and each item skipped when its table or column does not exist yet.

    Areas add their own items with ``dv_forum.<area>.due.items(vault, today) -> list[DueItem]``,
    which keep to the user's scope themselves (outreach: dv_forum.outreach.due).
    """
    today = today or date.today()
    iso = today.isoformat()
    conn = vault.conn
    due = Due()
    if vault.can(Perm.VIEW_MEETINGS):
        tables = _tables(conn)
        if {"date", "status"} <= tables.get("meetings", set()):
            row = conn.execute(
                "SELECT date FROM meetings WHERE date >= ? AND status = 'scheduled' ORDER BY date LIMIT 1",
                (iso,),
            ).fetchone()
            when = "none scheduled"
            if row is not None:
                try:
                    when = date.fromisoformat(row[0]).strftime("%a %d %b %Y")
                except ValueError:
                    when = str(row[0])
            due.items.append(DueItem("Next MARAC meeting", when, "marac"))
        if {"due_date", "status"} <= tables.get("actions", set()):
            n = _count(conn, "SELECT count(*) FROM actions WHERE status = 'open' AND due_date < ?", (iso,))
            due.items.append(DueItem("Overdue MARAC actions", str(n), "marac"))
    for area in AREAS:
        name = f"dv_forum.{area}.due"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but is broken: a bug, not "no items"
                raise
            continue
        fn = getattr(module, "items", None)
        if fn is None:
            continue
        try:
            due.items.extend(fn(vault, today))
        except DatabaseError:
            continue
    return due
