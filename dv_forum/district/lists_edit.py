"""Editing a partnership's lists: add, rename (records follow), retire, alias; and showing them.

A list value is a category (a locality, an agency), not case data, so it may appear in the audit
log and in messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dv_forum import lists
from dv_forum.areas import Area, Changed
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault

MAX_VALUE = 60  # the schema's limit on stored agencies and localities

# Where records hold each kind's values: a rename changes them in every one of these columns.
RECORD_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "locality": (("referrals", "area"), ("referral_stubs", "area"), ("outreach_clients", "locality")),
    "agency": (("referrals", "referring_agency"), ("referral_stubs", "referring_agency")),
    "marac_agency": (("attendance", "agency"), ("actions", "agency")),
}
AREAS = {
    "locality": (Area.CASES, Area.OUTREACH, Area.STATS, Area.SETTINGS),
    "agency": (Area.CASES, Area.STATS, Area.SETTINGS),
    "marac_agency": (Area.MARAC, Area.SETTINGS),
}


@dataclass
class ListEntry:
    value: str
    active: bool
    aliases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "active": self.active, "aliases": self.aliases}


def check_kind(kind: str) -> str:
    if kind not in lists.KINDS:
        raise UserError(f"There is no list called {kind}.", "The lists are: " + ", ".join(lists.KINDS) + ".")
    return kind


def clean_value(value: str, what: str = "A value") -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise UserError(f"{what} cannot be blank.", "Type a name.")
    if len(cleaned) > MAX_VALUE:
        raise UserError(f"{what} is longer than {MAX_VALUE} characters.", "Shorten it.")
    return cleaned


def show(conn: Any, kind: str) -> list[ListEntry]:
    """Every value of the list, in order, retired ones last, with the aliases that map to each."""
    check_kind(kind)
    entries = {v: ListEntry(v, True) for v in lists.get_list(conn, kind, include_inactive=False)}
    for value in lists.get_list(conn, kind, include_inactive=True):
        entries.setdefault(value, ListEntry(value, False))
    for alias, value in conn.execute(
        "SELECT alias, value FROM list_aliases WHERE kind = ? ORDER BY alias", (kind,)
    ):
        if value in entries:
            entries[value].aliases.append(alias)
    return list(entries.values())


def _stored(conn: Any, kind: str) -> dict[str, int]:
    """The list's rows (value -> active), storing its defaults first if it was never edited."""
    rows = dict(conn.execute("SELECT value, active FROM lists WHERE kind = ?", (kind,)).fetchall())
    if not rows:
        lists.set_list(conn, kind, list(lists.DEFAULTS.get(kind, ())))
        rows = dict(conn.execute("SELECT value, active FROM lists WHERE kind = ?", (kind,)).fetchall())
    return rows


def _find(rows: dict[str, int], value: str) -> str | None:
    folded = value.casefold()
    return next((v for v in rows if v.casefold() == folded), None)


def add(vault: Vault, kind: str, value: str) -> Changed[str]:
    """Add a value (or bring a retired one back); refused if it is there already."""
    vault.require(Perm.EDIT_SETTINGS)
    check_kind(kind)
    value = clean_value(value)
    with vault.transaction() as conn:
        rows = _stored(conn, kind)
        found = _find(rows, value)
        if found is not None and rows[found]:
            raise UserError(f"'{found}' is already a {lists.KINDS[kind]}.", "Nothing to add.")
        if found is None:
            position = conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM lists WHERE kind = ?", (kind,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO lists (kind, value, position, active) VALUES (?, ?, ?, 1)",
                (kind, value, position),
            )
        else:
            value = found
            conn.execute("UPDATE lists SET active = 1 WHERE kind = ? AND value = ?", (kind, found))
        conn.execute("DELETE FROM list_aliases WHERE kind = ? AND alias = ?", (kind, value))
        vault.audit("lists.add", detail=f"{kind}: {value}")
    return Changed(value, frozenset(AREAS[kind]))


def retire(vault: Vault, kind: str, value: str) -> Changed[str]:
    """Stop offering a value for new records; records that hold it keep it."""
    vault.require(Perm.EDIT_SETTINGS)
    check_kind(kind)
    with vault.transaction() as conn:
        rows = _stored(conn, kind)
        found = _require(rows, kind, value)
        if sum(rows.values()) == 1 and rows[found]:
            raise UserError(f"'{found}' is the last {lists.KINDS[kind]} in use.", "Add another first.")
        conn.execute("UPDATE lists SET active = 0 WHERE kind = ? AND value = ?", (kind, found))
        vault.audit("lists.retire", detail=f"{kind}: {found}")
    return Changed(found, frozenset(AREAS[kind]))


def _require(rows: dict[str, int], kind: str, value: str) -> str:
    found = _find(rows, value)
    if found is None:
        raise UserError(
            f"'{value}' is not a {lists.KINDS[kind]}.", f"See 'dv-forum lists show {kind}' for the list."
        )
    return found


def rename(vault: Vault, kind: str, old: str, new: str) -> Changed[int]:
    """Rename a value; every record holding it follows. Returns how many records changed."""
    vault.require(Perm.EDIT_SETTINGS)
    check_kind(kind)
    new = clean_value(new, "The new name")
    with vault.transaction() as conn:
        rows = _stored(conn, kind)
        found = _require(rows, kind, old)
        clash = _find(rows, new)
        if clash is not None and clash != found:
            raise UserError(
                f"'{clash}' is already a {lists.KINDS[kind]}.",
                f"Retire '{found}' instead, or map it in imports with 'dv-forum lists alias'.",
            )
        conn.execute("UPDATE lists SET value = ? WHERE kind = ? AND value = ?", (new, kind, found))
        changed = _rename_records(conn, kind, found, new)
        conn.execute("UPDATE list_aliases SET value = ? WHERE kind = ? AND value = ?", (new, kind, found))
        if found.casefold() != new.casefold():
            # The old name keeps working in imports: files from other systems still say it.
            conn.execute(
                "INSERT OR REPLACE INTO list_aliases (kind, alias, value) VALUES (?, ?, ?)",
                (kind, found, new),
            )
        vault.audit("lists.rename", detail=f"{kind}: {found} -> {new} ({changed} records)")
    return Changed(changed, frozenset(AREAS[kind]))


def _rename_records(conn: Any, kind: str, old: str, new: str) -> int:
    changed = 0
    for table, column in RECORD_COLUMNS[kind]:
        changed += conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE {column} = ?",  # noqa: S608 - names from RECORD_COLUMNS
            (new, old),
        ).rowcount
    if kind == "locality":
        # Monthly incident counts are kept per locality: a month counted under both names adds up.
        conn.execute(
            "INSERT INTO incident_counts (month, area, count) SELECT month, ?, count FROM incident_counts "
            "WHERE area = ? ON CONFLICT(month, area) DO UPDATE SET count = count + excluded.count",
            (new, old),
        )
        changed += conn.execute("DELETE FROM incident_counts WHERE area = ?", (old,)).rowcount
    if kind == "agency":
        _rename_police_agency(conn, old, new)
    return changed


def _rename_police_agency(conn: Any, old: str, new: str) -> None:
    from dv_forum.settings import get_setting, set_setting
    from dv_forum.stats.settings import POLICE_AGENCIES

    names = [n.strip() for n in get_setting(conn, POLICE_AGENCIES).split(",")]
    if old in names:
        set_setting(conn, POLICE_AGENCIES, ", ".join(new if n == old else n for n in names))


def alias(vault: Vault, kind: str, alias_text: str, value: str) -> Changed[str]:
    """From now on an import maps ``alias_text`` to ``value`` in this kind's column."""
    vault.require(Perm.EDIT_SETTINGS)
    check_kind(kind)
    alias_text = clean_value(alias_text, "The alias")
    with vault.transaction() as conn:
        rows = _stored(conn, kind)
        found = _require(rows, kind, value)
        if _find(rows, alias_text) is not None:
            raise UserError(
                f"'{alias_text}' is itself a {lists.KINDS[kind]}.", "An alias must be another spelling."
            )
        store_alias(conn, kind, alias_text, found)
        vault.audit("lists.alias", detail=f"{kind}: {alias_text} -> {found}")
    return Changed(found, frozenset(AREAS[kind]))


def store_alias(conn: Any, kind: str, alias_text: str, value: str) -> None:
    conn.execute(
        "INSERT INTO list_aliases (kind, alias, value) VALUES (?, ?, ?) "
        "ON CONFLICT(kind, alias) DO UPDATE SET value = excluded.value",
        (kind, alias_text, value),
    )
