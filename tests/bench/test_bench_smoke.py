"""The benchmark harness runs end to end at a tiny scale. Wall-clock times are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_harness_prints_table_and_goals_line(tmp_path: Path) -> None:
    env_home = tmp_path / "home"
    env_home.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "200", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(env_home),
            "TMPDIR": str(tmp_path),
            "QT_QPA_PLATFORM": "offscreen",
        },
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    assert lines[-1].startswith("goals met: ")
    done, total = lines[-1].removeprefix("goals met: ").split("/")
    assert 0 <= int(done) <= int(total) and int(total) >= 7
    # The import goal is set for a 100,000-row file: a 200-row import is reported without one.
    (import_line,) = [line for line in lines if "2b CSV import" in line]
    assert "reported only" in import_line and import_line.rstrip(" |").endswith("| - | -")
    assert any(line.startswith("| scale | measure |") for line in lines)
    for measure in (
        "1a unlock",
        "1b cold start",
        "2b CSV import",
        "3a repeat recompute",
        "4 NI 32",
        "5 30-case MARAC pack",
        "6a case list",
        "7 SQLCipher vs plain SQLite",
        "8 save a referral: create",
        "8 save a referral: edit",
    ):
        assert any(measure in line for line in lines), measure
    assert "FLAGS DIFFER" not in proc.stdout and "FIGURES DIFFER" not in proc.stdout


def test_window_query_matches_a_hand_worked_history() -> None:
    """The baseline's plain-SQL flags on a small hand-checked history (pair unit, 12 months)."""
    import sqlite3

    sys.path.insert(0, str(ROOT / "bench"))
    import run

    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE persons (id INTEGER PRIMARY KEY, canonical_id INTEGER);"
        "CREATE TABLE referrals (id INTEGER PRIMARY KEY, referral_date TEXT, previous_marac_date TEXT,"
        " victim_id INTEGER, perpetrator_id INTEGER);"
        "INSERT INTO persons VALUES (1, NULL), (2, NULL), (3, 1), (9, NULL);"
    )
    conn.executemany(
        "INSERT INTO referrals VALUES (?, ?, ?, ?, ?)",
        [
            (1, "2024-02-29", None, 1, 9),
            (2, "2025-02-28", None, 3, 9),  # same victim via canonical id; month end clamped: repeat
            (3, "2026-03-01", None, 1, 9),  # over 12 months after 2025-02-28: not a repeat
            (4, "2025-06-01", "2025-01-10", 2, None),  # first for the pair, but an outside MARAC
            (5, "2025-06-02", None, 2, 9),  # new pair; perpetrator 9 seen within 12 months
        ],
    )
    flags = run.window_flags(conn)
    assert flags[1] == (0, None, None, 0)
    assert flags[2] == (1, 1, None, 1)
    assert flags[3] == (0, None, None, 1)  # perpetrator 9 was referred on 2025-06-02
    assert flags[4] == (1, None, "2025-01-10", 0)
    assert flags[5] == (0, None, None, 1)
