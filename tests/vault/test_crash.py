"""S3 nothing readable at rest (even after kill -9) and S12 passphrase change atomic under kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dv_forum.errors import WrongPassphrase
from dv_forum.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
MARKER = "ZQXMARKER"
NEW = "the replacement passphrase"

WRITER = r"""
import sys
from dv_forum.vault import Vault
folder, passphrase, marker = sys.argv[1:4]
v = Vault.open(folder, "coord", passphrase)
v.conn.execute("BEGIN IMMEDIATE")
for i in range(200000):
    v.conn.execute("INSERT INTO lists (kind, value) VALUES ('marker', ?)", (f"{marker}-{i}-" + "x" * 200,))
    if i == 50:
        print("ready", flush=True)
v.conn.execute("COMMIT")
print("done", flush=True)
"""

REKEY = r"""
import sys
from dv_forum.vault import Vault
folder, old, new = sys.argv[1:4]
vault = Vault.open(folder, "coord", old)
print("ready", flush=True)
vault.change_passphrase(old, new)
print("done", flush=True)
"""


def _child(script: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stdout is not None
    proc.stdout.close()


def _files_containing(folder: Path, needle: bytes) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            hits.append(str(path))
    return hits


def test_s3_no_marker_at_rest_after_edits_a_kill_and_a_normal_close(vault_dir: Path) -> None:
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    with v.transaction():
        v.conn.executemany(
            "INSERT INTO lists (kind, value) VALUES ('locality', ?)", [(f"{MARKER}{i}",) for i in range(500)]
        )
        v.conn.execute("INSERT INTO settings (key, value) VALUES ('note', ?)", (f'"{MARKER}-setting"',))
    with v.transaction():
        v.conn.execute("UPDATE lists SET value = value || '-edited' WHERE kind = 'locality'")
        v.conn.execute("DELETE FROM lists WHERE value LIKE ?", (f"{MARKER}1%",))
    v.close()
    proc = _child(WRITER, str(vault_dir), PASSPHRASE, MARKER)
    time.sleep(random.uniform(0.05, 0.2))  # fault injection: kill mid-transaction, not synchronisation
    _kill(proc)
    assert _files_containing(vault_dir, MARKER.encode()) == []
    v = Vault.open(vault_dir, "coord", PASSPHRASE)  # rolls the hot journal back
    assert v.conn.execute("SELECT count(*) FROM lists WHERE kind = 'marker'").fetchone()[0] == 0
    assert v.conn.execute("SELECT count(*) FROM lists WHERE kind = 'locality'").fetchone()[0] > 0
    v.close()
    assert _files_containing(vault_dir, MARKER.encode()) == []


@pytest.mark.slow
def test_s12_passphrase_change_killed_twenty_times_leaves_exactly_one_working(vault_dir: Path) -> None:
    """The change re-keys the database (S20); a kill at any moment leaves exactly one of old and
    new opening the vault, with every row (the unlock settles an interrupted re-key)."""
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    with v.transaction():
        v.conn.executemany(
            "INSERT INTO lists (kind, value) VALUES ('locality', ?)", [(f"p{i}",) for i in range(300)]
        )
    v.close()
    rng = random.Random(12)
    days = iter(range(10_000))
    clock = lambda: 86_400.0 * next(days) + 1e9  # noqa: E731 - each attempt in a fresh throttle window
    current, other = PASSPHRASE, NEW
    outcomes = {"old": 0, "new": 0}
    for _ in range(20):
        proc = _child(REKEY, str(vault_dir), current, other)
        time.sleep(rng.uniform(0.0, 0.25))  # fault injection at a random moment
        _kill(proc)
        opens = []
        for candidate in (current, other):
            try:
                vault = Vault.open(vault_dir, "coord", candidate, clock=clock)
            except WrongPassphrase:
                continue
            opens.append(candidate)
            assert (
                vault.conn.execute("SELECT count(*) FROM lists WHERE kind = 'locality'").fetchone()[0] == 300
            )
            vault.close()
        assert len(opens) == 1, "exactly one of old and new must open the vault"
        outcomes["old" if opens[0] == current else "new"] += 1
        if opens[0] == other:
            current, other = other, current
    v = Vault.open(vault_dir, "coord", current, clock=clock)
    assert v.verify() == []
    v.close()
    leftovers = [p.name for p in vault_dir.iterdir() if p.name.startswith(".tmp-")]
    assert outcomes["old"] + outcomes["new"] == 20
    # Interrupted atomic writes may leave a private temp file, never a broken header.
    assert all((vault_dir / n).stat().st_mode & 0o077 == 0 for n in leftovers)


REKEY_STOPPED = r"""
import os, sys
from dv_forum.vault import Vault, rekey
from dv_forum.vault.header import Header

folder, old, new, point = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def stop(here):
    if here == point:
        os._exit(9)  # as a kill would: nothing flushed, nothing cleaned up


write, rekey_db, save = rekey.atomic_write, rekey.db.rekey, Header.save
rekey.atomic_write = lambda *a, **k: (write(*a, **k), stop(1))
rekey.db.rekey = lambda conn, key: (rekey_db(conn, key), stop(2))
Header.save = lambda self, where: (stop(3), save(self, where), stop(4))
vault = Vault.open(folder, "coord", old)
vault.change_passphrase(old, new)
stop(5)
"""


@pytest.mark.parametrize("point", [1, 2, 3, 4, 5])
def test_s12_a_kill_at_each_step_of_the_rekey_leaves_one_passphrase_and_every_row(
    vault_dir: Path, point: int
) -> None:
    """Each step of a passphrase change in turn (pending header written, database re-keyed, header
    about to be and just replaced, done): the first random-kill campaign found that after the
    re-key the old passphrase was told "the vault is damaged" instead of being refused."""
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    with v.transaction():
        v.conn.executemany(
            "INSERT INTO lists (kind, value) VALUES ('locality', ?)", [(f"p{i}",) for i in range(50)]
        )
    v.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", REKEY_STOPPED, str(vault_dir), PASSPHRASE, NEW, str(point)],
        env=env,
        check=False,
    )
    assert done.returncode == 9
    opened = []
    for candidate in (PASSPHRASE, NEW):
        try:
            vault = Vault.open(vault_dir, "coord", candidate)
        except WrongPassphrase:
            continue
        rows = vault.conn.execute("SELECT count(*) FROM lists WHERE kind = 'locality' AND value LIKE 'p%'")
        assert rows.fetchone()[0] == 50
        vault.close()
        opened.append(candidate)
    assert opened == ([PASSPHRASE] if point == 1 else [NEW])
