"""Editable pick lists (referring agencies, localities, MARAC agencies...), stored in the vault.

A kind with no stored rows reads as its defaults; editing it stores them first (dv_forum.district).
"""

from __future__ import annotations

from typing import Any

# Kinds a coordinator edits (dv-forum lists, Settings). Localities are the partnership's own and
# start empty; the agency lists start as the national agency types and are edited from there.
KINDS = {
    "locality": "locality",
    "agency": "referring agency",
    "marac_agency": "MARAC member agency",
}
DEFAULTS: dict[str, tuple[str, ...]] = {
    "locality": (),
    "agency": (
        "Police",
        "IDVA service",
        "Children's social care",
        "Adult safeguarding",
        "Health/GP",
        "Acute trust",
        "Mental health",
        "Housing",
        "Probation",
        "Education",
        "Drug and alcohol service",
        "Women's Aid",
        "Fire service",
        "Other",
    ),
}


def register_default(kind: str, values: tuple[str, ...]) -> None:
    DEFAULTS.setdefault(kind, values)


def get_list(conn: Any, kind: str, include_inactive: bool = False) -> list[str]:
    sql = "SELECT value FROM lists WHERE kind = ?" + ("" if include_inactive else " AND active = 1")
    rows = conn.execute(sql + " ORDER BY position, value", (kind,)).fetchall()
    if rows:
        return [r[0] for r in rows]
    has_any = conn.execute("SELECT 1 FROM lists WHERE kind = ? LIMIT 1", (kind,)).fetchone()
    return [] if has_any else list(DEFAULTS.get(kind, ()))


def set_list(conn: Any, kind: str, values: list[str]) -> None:
    cleaned = [v.strip() for v in values if v.strip()]
    conn.execute("UPDATE lists SET active = 0 WHERE kind = ?", (kind,))
    for pos, value in enumerate(cleaned):
        conn.execute(
            "INSERT INTO lists (kind, value, position, active) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(kind, value) DO UPDATE SET position = excluded.position, active = 1",
            (kind, value, pos),
        )


def aliases(conn: Any, kind: str) -> dict[str, str]:
    """Alias (case-folded) -> list value, for imports."""
    rows = conn.execute("SELECT alias, value FROM list_aliases WHERE kind = ?", (kind,))
    return {alias.casefold(): value for alias, value in rows}
