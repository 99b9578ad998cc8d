"""S5: a full disk loses nothing committed, and the user is told plainly."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dv_forum.errors import DiskFull, translate_db_error
from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.db import DatabaseError
from tests.conftest import PASSPHRASE


@contextlib.contextmanager
def small_filesystem(where: Path, size: str = "2000k") -> Iterator[tuple[Path, bool]]:
    """A tmpfs of ``size`` if this process may mount one, else a plain folder (then the test limits
    the database with max_page_count instead)."""
    where.mkdir()
    mounted = False
    if os.geteuid() == 0:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
        mounted = result.returncode == 0
    try:
        yield where, mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(where)], check=False)


def _fill_until_full(vault: Vault, mounted: bool) -> tuple[int, BaseException]:
    if not mounted:
        vault.conn.execute("PRAGMA max_page_count = 200")
    committed = 0
    for batch in range(10_000):
        try:
            with vault.transaction():
                vault.conn.executemany(
                    "INSERT INTO lists (kind, value) VALUES ('fill', ?)",
                    [(f"{batch}-{i}-" + os.urandom(64).hex(),) for i in range(50)],
                )
            committed += 50
        except (DatabaseError, OSError) as exc:
            return committed, exc
    pytest.fail("the disk never filled")


def test_s5_full_disk_keeps_committed_rows_and_explains(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small") as (folder, mounted):
        ballast = folder / "ballast"
        ballast.write_bytes(b"\0" * 1_000_000)
        vault, _ = Vault.create(folder / "vault", "coord", PASSPHRASE, kdf=KdfParams())
        try:
            _check(vault, folder, ballast, mounted)
        finally:
            vault.close()


def _check(vault: Vault, folder: Path, ballast: Path, mounted: bool) -> None:
    committed, exc = _fill_until_full(vault, mounted)
    assert committed > 0
    known = translate_db_error(exc)
    assert isinstance(known, DiskFull), str(exc)
    assert "intact" in known.message and known.next_step
    # Still usable: reads work and the failed batch left nothing behind.
    assert vault.conn.execute("SELECT count(*) FROM lists WHERE kind = 'fill'").fetchone()[0] == committed
    # Once the user frees space, work continues.
    ballast.unlink()
    if not mounted:
        vault.conn.execute("PRAGMA max_page_count = 100000")
    with vault.transaction():
        vault.conn.execute("INSERT INTO lists (kind, value) VALUES ('fill', 'after freeing space')")
        vault.audit("test.after-full")
    remaining = vault.conn.execute("SELECT count(*) FROM lists WHERE kind = 'fill'").fetchone()[0]
    assert remaining == committed + 1
    vault.close()
    reopened = Vault.open(folder / "vault", "coord", PASSPHRASE)
    assert reopened.conn.execute("SELECT count(*) FROM lists WHERE kind = 'fill'").fetchone()[0] == remaining
    assert reopened.verify() == []
    reopened.close()
