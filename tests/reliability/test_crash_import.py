"""S4: a crash (kill -9) at any moment of a 10,000-row import keeps the transaction whole."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.db import integrity_problems
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
ROWS = 10_000
KILLS = 20

# The child imports through the real service (all-or-nothing in one transaction), after telling the
# parent it has unlocked the vault.
IMPORTER = r"""
import sys
from pathlib import Path
from dv_forum.stats import service
from dv_forum.vault import Vault
folder, passphrase, source = sys.argv[1:4]
v = Vault.open(Path(folder), "coord", passphrase)
print("ready", flush=True)
n = service.import_incidents(v, Path(source))
print(f"done {n}", flush=True)
v.close()
"""


def _incident_csv(path: Path) -> Path:
    lines = ["month,area,count"]
    months = [f"{y}-{m:02d}" for y in range(1990, 2030) for m in range(1, 13)]  # 480 months
    for i in range(ROWS):
        lines.append(f"{months[i % len(months)]},area {i // len(months):02d},{i % 997}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(folder: Path, source: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(folder), PASSPHRASE, str(source)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _rows(folder: Path) -> int:
    v = Vault.open(folder, "coord", PASSPHRASE)  # must unlock: a hot journal/WAL is recovered here
    try:
        assert integrity_problems(v.conn, full=False) == []  # quick_check + cipher_integrity_check
        assert v.verify() == []
        return int(v.conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0])
    finally:
        v.close()


@pytest.mark.slow
def test_s4_kill_9_during_a_10000_row_import_leaves_none_or_all(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    Vault.create(pristine, "coord", PASSPHRASE, kdf=KdfParams())[0].close()
    source = _incident_csv(tmp_path / "incidents.csv")

    # Calibrate: how long the import takes after unlocking, uninterrupted.
    whole = tmp_path / "whole"
    shutil.copytree(pristine, whole)
    proc = _start(whole, source)
    began = time.monotonic()
    out, _ = proc.communicate()
    duration = time.monotonic() - began
    assert proc.returncode == 0 and out.strip() == f"done {ROWS}"
    assert _rows(whole) == ROWS

    rng = random.Random(4)
    outcomes = {"none": 0, "all": 0}
    for run in range(KILLS):
        folder = tmp_path / f"run{run}"
        shutil.copytree(pristine, folder)
        proc = _start(folder, source)
        time.sleep(rng.uniform(0.0, duration * 1.1))  # fault injection: a random moment of the import
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        count = _rows(folder)
        assert count in (0, ROWS), f"run {run}: {count} rows survived a kill"
        outcomes["none" if count == 0 else "all"] += 1
        shutil.rmtree(folder)
    # The kills must have landed inside the import at least sometimes, else the test proves nothing.
    assert outcomes["none"] >= KILLS // 4, outcomes
