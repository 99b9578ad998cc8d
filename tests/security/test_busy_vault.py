"""Issue 15 item 11: another process holding SQLite's lock is reported as busy, not as a damaged
vault to be restored from a backup (which would send a user to overwrite good data)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dv_forum.errors import UserError, VaultDamaged
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

HOLDER = r"""
import sys
from dv_forum.vault import Vault
vault = Vault.open(sys.argv[1], "coord", sys.argv[2])
vault.conn.execute("PRAGMA locking_mode = EXCLUSIVE")
vault.conn.execute("BEGIN EXCLUSIVE")
vault.conn.execute("INSERT INTO lists (kind, value) VALUES ('locality', 'held')")
print("ready", flush=True)
sys.stdin.readline()
"""


def test_a_vault_locked_by_another_process_is_busy_not_damaged(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "vault"), PASSPHRASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(UserError) as caught:
            Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
        assert not isinstance(caught.value, VaultDamaged)
        assert "busy" in caught.value.message and "Close the other one" in caught.value.next_step
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    Vault.open(tmp_path / "vault", "coord", PASSPHRASE).close()  # free again: opens
