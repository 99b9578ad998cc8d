"""S4: a crash (kill -9) at any moment of a 10,000-row import keeps the transaction whole.

The child runs the real `import referrals` (dv_forum.cases.importer) of a 10,000-row CSV that carries
identities (victim_id, perpetrator_id): every row is checked, identities are keyed, persons resolved,
referrals written and repeat flags computed, all in one transaction."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from dv_forum.cases.recompute import recompute
from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.db import integrity_problems
from tests.conftest import PASSPHRASE, district_setup

ROOT = Path(__file__).resolve().parents[2]
ROWS = 10_000
KILLS = 20

# The child imports through the real service (all-or-nothing in one transaction), after telling the
# parent it has unlocked the vault.
IMPORTER = r"""
import sys
from pathlib import Path
from dv_forum.cases import importer
from dv_forum.vault import Vault
folder, passphrase, source = sys.argv[1:4]
v = Vault.open(Path(folder), "coord", passphrase)
print("ready", flush=True)
n = importer.import_referrals(v, Path(source)).imported
print(f"done {n}", flush=True)
v.close()
"""


def _referral_csv(path: Path) -> Path:
    """10,000 referrals over six years: 3,000 victims, each with one of 2,500 perpetrators:
    about 3 referrals per pair, so many repeat."""
    lines = ["case_ref,referral_date,victim_id,perpetrator_id,dash_score,area,criteria"]
    days = [date(2020, 1, 1) + timedelta(days=d) for d in range(6 * 365)]
    areas = ("Coalville", "Measham", "Whitwick", "Ibstock")
    for i in range(ROWS):
        day = days[(i * 7919) % len(days)].isoformat()
        lines.append(f"S4-{i:05d},{day},SRC-V{i % 3000},SRC-P{i % 3000 % 2500},{i % 25},{areas[i % 4]},")
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
        assert v.verify() == []  # the audit chain
        count = int(v.conn.execute("SELECT count(*) FROM referrals").fetchone()[0])
        persons = int(v.conn.execute("SELECT count(*) FROM persons").fetchone()[0])
        assert persons == (3000 + 2500 if count else 0), "persons committed apart from their referrals"
        # The stored repeat flags are the ones a fresh recompute gives: nothing half-flagged.
        assert recompute(v.conn).changed == 0
        if count:
            repeats = int(v.conn.execute("SELECT count(*) FROM referrals WHERE is_repeat = 1").fetchone()[0])
            assert repeats > 0, "the import must have flagged repeats, else the check proves nothing"
        return count
    finally:
        v.close()


@pytest.mark.slow
def test_s4_kill_9_during_a_10000_row_import_leaves_none_or_all(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    district_setup(Vault.create(pristine, "coord", PASSPHRASE, kdf=KdfParams())[0]).close()
    source = _referral_csv(tmp_path / "referrals.csv")

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
        time.sleep(
            rng.uniform(duration * 0.25, duration * 1.1)
        )  # fault injection: a random moment of the import
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
        count = _rows(folder)
        assert count in (0, ROWS), f"run {run}: {count} referrals survived a kill"
        outcomes["none" if count == 0 else "all"] += 1
        shutil.rmtree(folder)
    # The kills must have landed inside the import at least sometimes, else the test proves nothing.
    assert outcomes["none"] >= KILLS // 4, outcomes
    print(f"S4: import of {ROWS} referrals takes {duration:.2f} s; {KILLS} kills: {outcomes}")
