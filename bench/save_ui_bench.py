"""Measure 8d: saving a referral as a person does it, from the Save key to the list showing and
selecting the case, in the real program (bench/save_probe.py in a subprocess), against the save
job alone on the worker thread (referrals.create) timed in the same process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import make_vault as mv
from desktop_bench import _env
from measure import Result, add, med

HERE = Path(__file__).resolve().parent
GOAL_S = 0.15


def bench_save_ui(tag: str, folder: Path, home: Path, repeat: int) -> None:
    n = max(repeat, 5)
    proc = subprocess.run(
        [sys.executable, str(HERE / "save_probe.py"), str(folder), mv.USER, str(n)],
        input=mv.PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=900,
        check=False,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), "RESULT {}")
    result = json.loads(line[7:])
    ours, base = result.get("save_s"), result.get("core_s")
    r = Result(
        tag,
        "8d save a referral in the program: Save key to the case shown and selected vs the save job alone",
        ours,
        base,
        goal=f"< {GOAL_S * 1000:.0f} ms",
        note=result.get("error", "") or "the whole list is read again afterwards, off the GUI thread",
    )
    r.met = ours is not None and (med(ours) or 99) < GOAL_S
    add(r)
