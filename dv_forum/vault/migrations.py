"""Numbered schema steps in PRAGMA user_version, one transaction each.

Version 1 is frozen: the first schema, one .sql file per area under schema/v1/, whose hashes a test
pins. Every later change is a new step: a file schema/steps/NAME.sql named in STEP_FILES below, in
the order they run. Never edit a step that has been released; append another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources

from dv_forum.errors import VaultTooNew
from dv_forum.vault.db import Connection

AREA_FILES = ("core", "marac", "cases", "freedom", "outreach", "stats")


# Appended to, never reordered: the position of a name is the version it takes the schema to, less one.
STEP_FILES: tuple[str, ...] = (
    "input_drafts",
    "exch_exchange",
    "case_transfers",
    "case_review_holds",
    "case_household",
    "minutes_unlock",
    "case_stubs",
    "case_incident_date",
    "case_review_fields",
    "user_one_time",
    "district_lists",
    "case_police_incidents",
    "exch_rows",
    "case_referrers",
    "match_key_short",
    "persons_linked",
    "contact_no_answer",
)


def _sql(name: str) -> str:
    """One frozen version-1 area file."""
    return resources.files("dv_forum.vault").joinpath("schema", "v1", f"{name}.sql").read_text("utf-8")


def _step_sql(name: str) -> str:
    return resources.files("dv_forum.vault").joinpath("schema", "steps", f"{name}.sql").read_text("utf-8")


def _v1(conn: Connection) -> None:
    for name in AREA_FILES:
        run_script(conn, _sql(name))


def _file_step(name: str) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        run_script(conn, _step_sql(name))

    step.__name__ = f"step_{name}"
    return step


def _is_comment_only(text: str) -> bool:
    return all(line.strip().startswith("--") for line in text.splitlines() if line.strip())


def run_script(conn: Connection, script: str) -> None:
    """Run a multi-statement script inside the caller's transaction (executescript would commit)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            buf = ""
            if stmt and not _is_comment_only(stmt):
                conn.execute(stmt)
    if buf.strip() and not _is_comment_only(buf):
        conn.execute(buf)


# Index i holds the step that takes the schema from version i to i + 1.
STEPS: list[Callable[[Connection], None]] = [_v1, *(_file_step(n) for n in STEP_FILES)]
SCHEMA_VERSION = len(STEPS)


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def needs_migration(conn: Connection) -> bool:
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise VaultTooNew(version, SCHEMA_VERSION)
    return version < SCHEMA_VERSION


def migrate(conn: Connection) -> list[int]:
    """Apply every pending step; return the versions reached. Each step is its own transaction."""
    done: list[int] = []
    while True:
        version = current_version(conn)
        if version > SCHEMA_VERSION:
            raise VaultTooNew(version, SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            return done
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Guard: another process may have migrated between our read and the lock.
            if current_version(conn) != version:
                conn.execute("ROLLBACK")
                continue
            STEPS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(version + 1)


def declared_schema_sql() -> str:
    """The schema this program declares for SCHEMA_VERSION (used to check the migrations)."""
    parts = [_sql(name) for name in AREA_FILES] + [_step_sql(name) for name in STEP_FILES]
    return "\n".join(parts)


def schema_snapshot(conn: Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    return [(r[0], r[1], " ".join((r[2] or "").split())) for r in rows]
