"""Issue 15 item 11: a backup killed half way leaves hidden partial files (an encrypted export and
a partial backup file) in the target folder. The next backup there removes them and says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from dv_forum.vault import Vault, audit
from tests.conftest import FLOOR_KDF, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

# The child is stopped inside the backup's file writing (after the export, with the backup file
# begun), where a kill or a pulled USB stick would leave the partial files.
KILLED = r"""
import sys
from dv_forum.vault import Vault, backup
real_pack = backup.struct.pack

class Stop:
    @staticmethod
    def pack(*args):
        print("ready", flush=True)
        sys.stdin.readline()
        return real_pack(*args)

backup.struct = Stop
vault = Vault.open(sys.argv[1], "coord", sys.argv[2])
vault.backup(sys.argv[3])
"""


def _killed_backup(folder: Path, target: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(folder), PASSPHRASE, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert child.stdin is not None
    child.stdin.close()


def test_the_next_backup_removes_what_a_killed_one_left_and_says_so(tmp_path: Path, cli: Any) -> None:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / ".tmp-not-ours").write_bytes(b"another program's file")
    _killed_backup(tmp_path / "vault", usb / "weekly.dvbak")
    left = sorted(p.name for p in usb.iterdir() if p.name.startswith(".dvf-"))
    assert len(left) == 2 and not (usb / "weekly.dvbak").exists()  # the attack: hidden leftovers
    code, out, _ = cli("backup", str(usb / "weekly.dvbak"), env={"DV_FORUM_VAULT": str(tmp_path / "vault")})
    assert code == 0 and "Removed 2 hidden partial files" in out
    assert sorted(p.name for p in usb.iterdir()) == [".tmp-not-ours", "weekly.dvbak"]
    vault = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    assert [r.detail for r in audit.rows(vault.conn, action="backup")] == ["removed 2 partial files"]
    vault.close()
