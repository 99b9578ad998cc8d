"""NI 32 benchmark: the quarterly repeat rate for a financial year over N synthetic referrals,
in the vault (SQLCipher) against a plain-SQLite aggregate of the same rows in the same run.

    .venv/bin/python bench/stats_bench.py [--rows 100000]

``run_benchmark()`` returns the figures as a dict for the benchmark helper. The baseline is stdlib
sqlite3 (no encryption) with the same rows and the same covering index, computing the same four
quarter counts with one GROUP BY (and, stricter, running NI 32's own per-day statement); the goal
is at most 1.5x the faster of the two, and under 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dv_forum.stats.ni32 import repeat_report  # noqa: E402
from dv_forum.stats.rules import Rules  # noqa: E402
from dv_forum.vault.db import open_db  # noqa: E402
from dv_forum.vault.migrations import migrate  # noqa: E402

LOCALITIES = [
    "Greenhill",
    "Agar Nook",
    "Coalville",
    "Whitwick",
    "Measham",
    "Ashby",
    "Castle Donington",
    "Ibstock",
]
AGENCIES = [
    "Police",
    "Police",
    "Police",
    "IDVA",
    "Children's Social Care",
    "Health",
    "Housing",
    "Probation",
]
BANDS = ["high", "high", "high", "medium", "standard"]


def synthetic_referrals(n: int, first: date, last: date, seed: int = 1) -> Iterator[dict[str, object]]:
    """Referrals over ``first``..``last``, about 30% repeats, heard 1-3 weeks after referral."""
    rng = random.Random(seed)
    days = (last - first).days
    victims = max(10, n // 3)
    for i in range(n):
        referred = first + timedelta(days=rng.randrange(days + 1))
        heard = referred + timedelta(days=rng.randrange(7, 22))
        yield {
            "case_ref": f"B-{i:07d}",
            "referral_date": referred.isoformat(),
            "heard_date": heard.isoformat() if heard <= last else None,
            "victim_id": rng.randrange(victims) + 1,
            "perpetrator_id": victims + rng.randrange(victims) + 1,
            "referring_agency": rng.choice(AGENCIES),
            "victim_gender": "M" if rng.random() < 0.05 else "F",
            "victim_age": rng.randrange(16, 80),
            "bame": int(rng.random() < 0.12),
            "disability": int(rng.random() < 0.08),
            "lgbt": int(rng.random() < 0.03),
            "children": rng.choice([0, 0, 1, 2, 3]),
            "area": rng.choice(LOCALITIES),
            "perp_age": rng.randrange(15, 80),
            "perp_under18": 0,
            "risk_band": rng.choice(BANDS),
            "dash_score": rng.randrange(8, 25),
            "is_repeat": int(rng.random() < 0.3),
            "created_at": "2025-01-01T00:00:00",
            "updated_at": "2025-01-01T00:00:00",
        }


def insert_referrals(conn: object, rows: list[dict[str, object]]) -> None:
    """Insert persons and referrals directly (no repeat engine): for benchmarks, demos and tests."""
    if not rows:
        return
    ids = {r["victim_id"] for r in rows} | {r["perpetrator_id"] for r in rows}
    victims = {r["victim_id"] for r in rows}
    execute = conn.execute  # type: ignore[attr-defined]
    execute("BEGIN")
    for pid in sorted(ids):  # type: ignore[type-var]
        kind = "victim" if pid in victims else "perpetrator"
        execute(
            "INSERT OR IGNORE INTO persons (id, kind, link_key) VALUES (?, ?, ?)",
            (pid, kind, os.urandom(32)),
        )
    cols = list(rows[0])
    sql = f"INSERT INTO referrals ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])  # type: ignore[attr-defined]
    execute("COMMIT")


def _best(fn: object, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def plain_quarters(plain: sqlite3.Connection, fy: int) -> list[tuple[int, int, int]]:
    """The baseline: NI 32's four quarter counts for financial year ``fy`` with one GROUP BY."""
    rows = plain.execute(
        "SELECT CASE WHEN heard_date < ? THEN 1 WHEN heard_date < ? THEN 2 "
        "WHEN heard_date < ? THEN 3 ELSE 4 END AS q, count(*), total(is_repeat != 0) "
        "FROM referrals WHERE heard_date BETWEEN ? AND ? GROUP BY q",
        (f"{fy}-07-01", f"{fy}-10-01", f"{fy + 1}-01-01", f"{fy}-04-01", f"{fy + 1}-03-31"),
    ).fetchall()
    return [(int(q), int(n), int(r)) for q, n, r in rows]


def plain_per_day(plain: sqlite3.Connection, fy: int) -> list[tuple[str, int, float]]:
    """The statement NI 32 runs, on the unencrypted copy: the cost of encryption alone."""
    return plain.execute(
        "SELECT heard_date, count(*), total(is_repeat != 0) FROM referrals "
        "WHERE heard_date BETWEEN ? AND ? GROUP BY heard_date",
        (f"{fy}-04-01", f"{fy + 1}-03-31"),
    ).fetchall()


def run_benchmark(rows: int = 100_000, folder: Path | None = None) -> dict[str, float | int | bool]:
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        data = list(synthetic_referrals(rows, date(2024, 4, 1), date(2025, 3, 31)))
        vault_db = open_db(Path(tmp) / "vault.db", os.urandom(32))
        migrate(vault_db)
        insert_referrals(vault_db, data)
        plain = sqlite3.connect(Path(tmp) / "plain.db", isolation_level=None)
        plain.execute("CREATE TABLE referrals (heard_date TEXT, is_repeat INTEGER NOT NULL)")
        plain.execute("CREATE INDEX plain_heard ON referrals (heard_date, is_repeat)")
        plain.execute("BEGIN")
        plain.executemany(
            "INSERT INTO referrals VALUES (?, ?)", [(r["heard_date"], r["is_repeat"]) for r in data]
        )
        plain.execute("COMMIT")
        rules = Rules()

        def ours() -> object:
            return repeat_report(vault_db, date(2024, 4, 1), date(2025, 3, 31), "quarter", rules)

        def baseline() -> object:
            return plain_quarters(plain, 2024)

        def baseline_same_query() -> object:
            return plain_per_day(plain, 2024)

        report = ours()
        base_rows = baseline()
        agree = [(f.cases, f.repeats) for f in report.periods] == [(r[1], r[2]) for r in base_rows]  # type: ignore[attr-defined]
        t_ours, t_base = _best(ours), _best(baseline)
        t_same = _best(baseline_same_query)
        vault_db.close()
        plain.close()
    return {
        "rows": rows,
        "ni32_seconds": round(t_ours, 4),
        "plain_sqlite_seconds": round(t_base, 4),
        "ratio": round(t_ours / t_base, 2),
        "plain_sqlite_same_query_seconds": round(t_same, 4),
        "ratio_same_query": round(t_ours / t_same, 2),
        "goal_ratio_met": t_ours <= 1.5 * min(t_base, t_same),
        "goal_time_met": t_ours < 0.2,
        "figures_agree": agree,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    print(json.dumps(run_benchmark(parser.parse_args().rows), indent=2))
