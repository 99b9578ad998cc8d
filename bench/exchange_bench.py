"""Exchange benchmark: a bundle of 10,000 contacts journalled, written and applied, against plain
inserts of the same rows into the same kind of database; and a 100-change bundle applied.

    python bench/exchange_bench.py [--contacts 10000] [--repeat 3]

Synthetic rows only. Prints medians in seconds and the ratio ours / plain.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dv_forum.exchange import bundle, devices, journal  # noqa: E402
from dv_forum.vault import db  # noqa: E402
from dv_forum.vault.migrations import migrate  # noqa: E402

KEY = bytes(range(32))
FIELDS = ("client", "at", "method", "outcome", "issues", "notes")


def _row(i: int) -> dict[str, str | None]:
    return {
        "client": f"WA-{i % 500}",
        "at": "2026-03-01T10:00",
        "method": "phone",
        "outcome": "spoke",
        "issues": "housing;finance",
        "notes": f"synthetic note {i}",
    }


def _pair(folder: Path) -> tuple[db.Connection, db.Connection]:
    a, b = db.open_db(folder / "a.db", KEY), db.open_db(folder / "b.db", KEY)
    migrate(a)
    migrate(b)
    devices.set_identity(a, "ann", "outreach")
    devices.set_identity(b, "coord", "coordinator")
    ia, ib = devices.identity(a), devices.identity(b)
    devices.add(a, "coord", "coordinator", ib.sign_pub, ib.box_pub)
    devices.add(b, "ann", "outreach", ia.sign_pub, ia.box_pub)
    return a, b


def plain(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        conn = db.open_db(Path(tmp) / "p.db", KEY)
        conn.execute(f"CREATE TABLE contacts (id INTEGER PRIMARY KEY, {', '.join(FIELDS)})")
        start = time.perf_counter()
        conn.execute("BEGIN")
        for i in range(n):
            r = _row(i)
            conn.execute(
                f"INSERT INTO contacts ({', '.join(FIELDS)}) VALUES (?,?,?,?,?,?)", [r[f] for f in FIELDS]
            )
        conn.execute("COMMIT")
        took = time.perf_counter() - start
        conn.close()
        return took


def ours(n: int) -> tuple[float, float, float]:
    """(journal the changes, write the bundle, apply it) in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _pair(Path(tmp))
        t0 = time.perf_counter()
        a.execute("BEGIN")
        for i in range(n):
            journal.record_change(a, f"contact:{i}", _row(i), audience="ann")
        a.execute("COMMIT")
        t1 = time.perf_counter()
        blob = bundle.make(a, "coord")
        t2 = time.perf_counter()
        b.execute("BEGIN IMMEDIATE")
        bundle.receive(b, blob)
        b.execute("COMMIT")
        t3 = time.perf_counter()
        a.close()
        b.close()
        return t1 - t0, t2 - t1, t3 - t2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    base = statistics.median(plain(args.contacts) for _ in range(args.repeat))
    runs = [ours(args.contacts) for _ in range(args.repeat)]
    j, w, r = (statistics.median(x[k] for x in runs) for k in range(3))
    small = statistics.median(ours(100)[2] for _ in range(args.repeat))
    print(f"plain inserts of {args.contacts} contacts: {base:.3f} s")
    print(f"journalled: {j:.3f} s, bundle written: {w:.3f} s, bundle applied: {r:.3f} s")
    print(f"ratio (journal + write + apply) / plain: {(j + w + r) / base:.1f}x; apply alone {r / base:.1f}x")
    print(f"100-change bundle applied: {small * 1000:.0f} ms")


if __name__ == "__main__":
    main()
