"""Opening the SQLCipher database with the data key, and telling its failures apart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlcipher3 import dbapi2

if TYPE_CHECKING:
    # sqlcipher3 ships no type hints; its objects mirror the standard library's sqlite3 ones.
    from sqlite3 import Connection as Connection
    from sqlite3 import DatabaseError as DatabaseError
    from sqlite3 import IntegrityError as IntegrityError
    from sqlite3 import OperationalError as OperationalError
    from sqlite3 import Row as Row
else:
    Connection = dbapi2.Connection
    DatabaseError = dbapi2.DatabaseError
    IntegrityError = dbapi2.IntegrityError
    OperationalError = dbapi2.OperationalError
    Row = dbapi2.Row


def memory_security() -> bool:
    """Whether SQLCipher wipes and locks every allocation (off unless DV_FORUM_MEMORY_SECURITY=on).

    Measured here it makes inserts about 20x and queries about 4x slower (bench/cipher_probe.py),
    which is why SQLCipher itself turned it off by default in 4.5. What it protects, freed database
    pages in RAM or swap, is also held in Python objects it cannot reach; disabled core dumps,
    locking and full-disk encryption cover that threat instead. Set the variable to trade speed
    for it on a machine without full-disk encryption.
    """
    return os.environ.get("DV_FORUM_MEMORY_SECURITY", "").strip().lower() in {"1", "on", "true", "yes"}


def _key_pragma(data_key: bytes) -> str:
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def open_db(path: Path, data_key: bytes) -> Connection:
    """Open (or create) the database; raise DatabaseError if the key does not fit the file."""
    conn: Connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = Row
    try:
        # SQLCipher writes its own log to stderr by default; silence it before anything else.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(data_key))
        conn.execute(f"PRAGMA cipher_memory_security = {'ON' if memory_security() else 'OFF'}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA synchronous = FULL")
        # WAL: a backup or a second reader never waits behind a writer (and vice versa).
        conn.execute("PRAGMA journal_mode = WAL")
        # Another dv-forum process (the CLI beside the app) may hold the lock briefly.
        conn.execute("PRAGMA busy_timeout = 5000")
    except BaseException:
        conn.close()
        raise
    return conn


def rekey(conn: Connection, new_key: bytes) -> None:
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")


def integrity_problems(conn: Connection, full: bool = False) -> list[str]:
    """Problems reported by SQLite's quick_check and SQLCipher's page HMAC check (empty = clean)."""
    problems: list[str] = []
    rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    problems += [str(r[0]) for r in rows if str(r[0]) != "ok"]
    problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    return problems
