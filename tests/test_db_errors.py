"""Database failures a user can act on become UserErrors by SQLite result code, not message text."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

from dv_forum.errors import DiskFull, UserError, VaultDamaged, as_user_error, translate_db_error


def _error_from(fn) -> BaseException:  # type: ignore[no-untyped-def]
    with pytest.raises(dbapi2.DatabaseError) as caught:
        fn()
    return caught.value


def test_a_full_database_is_disk_full() -> None:
    conn = dbapi2.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 3")

    def fill() -> None:
        for _ in range(1000):
            conn.execute("INSERT INTO t VALUES (?)", ("x" * 4000,))

    known = translate_db_error(_error_from(fill))
    assert isinstance(known, DiskFull) and known.next_step


def test_a_busy_database_says_so(tmp_path: Path) -> None:
    first = dbapi2.connect(str(tmp_path / "db"), isolation_level=None)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    second = dbapi2.connect(str(tmp_path / "db"), isolation_level=None, timeout=0)
    known = translate_db_error(_error_from(lambda: second.execute("BEGIN IMMEDIATE")))
    assert known is not None and "busy" in known.message and "try again" in known.next_step
    first.execute("ROLLBACK")


def test_a_file_that_is_no_database_is_damaged(tmp_path: Path) -> None:
    (tmp_path / "db").write_bytes(b"not a database at all" * 500)
    conn = dbapi2.connect(str(tmp_path / "db"))
    known = translate_db_error(_error_from(lambda: conn.execute("SELECT * FROM sqlite_master")))
    assert isinstance(known, VaultDamaged)


def test_a_read_only_database_says_so(tmp_path: Path) -> None:
    dbapi2.connect(str(tmp_path / "db")).execute("CREATE TABLE t (x)")
    conn = dbapi2.connect(f"file:{tmp_path / 'db'}?mode=ro", uri=True)
    known = translate_db_error(_error_from(lambda: conn.execute("INSERT INTO t VALUES (1)")))
    assert known is not None and "cannot be written" in known.message


def test_the_message_text_decides_nothing() -> None:
    # A bug whose message happens to mention a full disk is still a bug...
    assert translate_db_error(dbapi2.OperationalError("database or disk is full")) is None
    conn = dbapi2.connect(":memory:")
    # ... and so is a mistake in our SQL.
    assert translate_db_error(_error_from(lambda: conn.execute("SELECT nope FROM sqlite_master"))) is None


def test_extended_io_codes_and_os_errors() -> None:
    exc = dbapi2.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE
    known = translate_db_error(exc)
    assert known is not None and "could not be read or written" in known.message
    assert isinstance(translate_db_error(OSError(errno.ENOSPC, "No space left on device")), DiskFull)
    assert translate_db_error(OSError(errno.ENOENT, "missing")) is None


def test_as_user_error_keeps_bugs_and_user_errors() -> None:
    bug = ValueError("x")
    assert as_user_error(bug) is bug
    mine = UserError("m", "n")
    assert as_user_error(mine) is mine
    assert isinstance(as_user_error(OSError(errno.ENOSPC, "full")), DiskFull)
