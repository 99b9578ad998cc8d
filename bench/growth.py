"""How the heavy operations grow with the vault: ``python bench/growth.py [N ...]`` (default 10,000,
100,000 and 1,000,000 referrals; synthetic data only).

Each size runs in its own process (so its peak memory is its own) and times: the repeat recompute
with every flag stale, NI 32 by quarter for a year, one case-list filter keystroke (over the list
and its search text as the Cases screen holds them), a 30-case MARAC pack (data and PDF), an
outreach worker's bundle of 100 changes applied, and the import of the same rows from CSV into
an empty vault (in files of at most 100,000 rows, the importer's cap on one file). Then, for each operation, the fitted exponent k of time ~ N^k (least squares over
log-log: 1 is linear, the goal is 1 or less) and peak resident memory (goal < 1 GB): of a process
holding the case list as the Cases screen does, and of the bench process with its synthetic data.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SIZES = (10_000, 100_000, 1_000_000)
NI32_FY = 2025  # as bench/run.py: a financial year inside the synthetic data
OPERATIONS = ("recompute", "ni32", "filter", "pack", "bundle", "import")
PACK_CASES = 30  # a busy meeting's agenda
BUNDLE_CHANGES = 100  # an outreach worker's week of contacts


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _best(fn: Any, runs: int = 3, setup: Any = None) -> float:
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _list_memory(folder: Path) -> float:
    """Peak memory of a process that only unlocks the vault and holds its case list as the Cases
    screen does (rows and search text): the program's own largest need, without this bench's data."""
    proc = subprocess.run(
        [sys.executable, __file__, "--list", str(folder)], capture_output=True, text=True, check=True
    )
    return float(proc.stdout.strip().splitlines()[-1])


def list_only(folder: Path) -> None:
    import make_vault as mv

    from dv_forum.cases import case_list
    from dv_forum.vault import Vault
    from ui.screens.cases.models import haystack

    vault = Vault.open(folder, mv.USER, mv.PASSPHRASE)
    rows = case_list.table_rows(vault)
    hay = haystack(rows)
    assert len(hay) == len(rows)
    vault.close("bench")
    print(f"{_peak_mb():.1f}")


def _import_files(mv: Any, data: Any, tmp: Path) -> list[Path]:
    """The rows as import files of at most MAX_ROWS each (the importer's cap on one file), as a
    coordinator bringing in a million rows would split them."""
    import csv

    from dv_forum.io.file_limits import MAX_ROWS

    rows = list(mv.csv_rows(data))
    paths = []
    for i in range(0, len(rows), MAX_ROWS):
        path = tmp / f"import-{i // MAX_ROWS:03d}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, [*mv.CSV_COLUMNS, "victim_id", "perpetrator_id"])
            writer.writeheader()
            writer.writerows(rows[i : i + MAX_ROWS])
        paths.append(path)
    return paths


def _pack(vault: Any) -> float:
    """A pack for the latest meeting, its agenda the vault's 30 newest referrals: the data read from
    the grown vault, then the PDF."""
    from pack_bench import our_pack

    from dv_forum.marac import agenda, attendance
    from dv_forum.reports import pack_data

    conn = vault.conn
    mid = conn.execute("SELECT id FROM meetings ORDER BY date DESC LIMIT 1").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM referrals ORDER BY id DESC LIMIT ?", (PACK_CASES,))]
    agenda.add_cases(vault, mid, ids)
    attendance.set_attendance(vault, mid, "Housing", "present", "Rep")  # the copy printed is Housing's
    return _best(lambda: our_pack(pack_data.load(conn, mid)), 3)


def _bundle_apply(conn: Any, tmp: Path) -> float:
    """A bundle of an outreach worker's changes, signed and encrypted by her vault, applied to the
    grown vault (best of three fresh bundles)."""
    from dv_forum.errors import UserError
    from dv_forum.exchange import bundle, devices, journal
    from dv_forum.vault import db
    from dv_forum.vault.migrations import migrate

    ann = db.open_db(tmp / "ann.db", bytes(range(32)))
    migrate(ann)
    devices.set_identity(ann, "ann", "outreach")
    try:
        devices.identity(conn)
    except UserError:  # a vault made by the bench has none yet
        devices.set_identity(conn, "coord", "coordinator")
    mine, theirs = devices.identity(ann), devices.identity(conn)
    devices.add(ann, "coord", "coordinator", theirs.sign_pub, theirs.box_pub)
    devices.add(conn, "ann", "outreach", mine.sign_pub, mine.box_pub)
    times = []
    for round_ in range(3):
        ann.execute("BEGIN")
        for i in range(BUNDLE_CHANGES):
            row = {"client": f"WA-{i % 50}", "at": "2026-03-01T10:00", "method": "phone", "outcome": "spoke"}
            journal.record_change(ann, f"contact:{round_}-{i}", row, audience="ann")
        ann.execute("COMMIT")
        blob = bundle.make(ann, "coord")
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        bundle.receive(conn, blob)
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t)
    ann.close()
    return min(times)


def one_size(n: int) -> dict[str, Any]:
    import make_vault as mv
    from flags_sql import reset_flags
    from import_timing import real_import

    from dv_forum.cases import case_list
    from dv_forum.cases.recompute import recompute
    from dv_forum.cases.repeats import RepeatRules
    from dv_forum.stats.ni32 import repeat_report
    from dv_forum.stats.rules import Rules
    from dv_forum.vault import KdfParams
    from ui.screens.cases.models import haystack  # the Cases screen's own search text

    out: dict[str, Any] = {"n": n}
    with tempfile.TemporaryDirectory(prefix="dvgrow-") as t:
        tmp = Path(t)
        t0 = time.perf_counter()
        vault, data = mv.make_vault(tmp / "vault", mv.scale_named(str(n)), kdf=KdfParams())
        out["build_s"] = time.perf_counter() - t0
        conn, rules = vault.conn, RepeatRules()

        out["recompute"] = _best(lambda: recompute(conn, rules), 2, setup=lambda: reset_flags(conn))
        start, end = date(NI32_FY, 4, 1), date(NI32_FY + 1, 3, 31)
        out["ni32"] = _best(lambda: repeat_report(conn, start, end, "quarter", Rules()), 5)
        rows = case_list.table_rows(vault)
        hay = haystack(rows)
        out["filter"] = _best(lambda: [r for r, h in zip(rows, hay, strict=True) if "7" in h], 5)
        rows = hay = []
        out["pack"] = _pack(vault)
        out["bundle"] = _bundle_apply(conn, tmp)
        vault.close("bench")
        out["list_peak_mb"] = _list_memory(tmp / "vault")
        files = _import_files(mv, data, tmp)
        del data
        run = real_import()
        assert run is not None
        mv.create_vault(tmp / "imported").close("bench")
        t0 = time.perf_counter()
        with (
            open(os.devnull, "w") as null,
            contextlib.redirect_stdout(null),
            contextlib.redirect_stderr(null),
        ):
            for path in files:
                run(tmp / "imported", path)
        out["import"] = time.perf_counter() - t0
        out["import_files"] = len(files)
    out["peak_mb"] = _peak_mb()
    return out


def exponent(points: list[tuple[int, float]]) -> float | None:
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        list_only(Path(argv[1]))
        return 0
    if argv[:1] == ["--one"]:
        print("RESULT " + json.dumps(one_size(int(argv[1]))), flush=True)
        return 0
    sizes = [int(a) for a in argv] or list(SIZES)
    results = []
    for n in sizes:
        print(f"[{n:,} referrals] building and timing...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=False
        )
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), "")
        if not line:
            print(f"  failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            continue
        results.append(json.loads(line[7:]))
        print(f"  {results[-1]}", file=sys.stderr, flush=True)
    print(
        "| Operation | "
        + " | ".join(f"{r['n']:,}" for r in results)
        + " | exponent k (time ~ N^k) | goal k <= 1 |"
    )
    print("|---|" + "---|" * (len(results) + 2))
    for op in OPERATIONS:
        k = exponent([(r["n"], r[op]) for r in results])
        cells = " | ".join(f"{r[op] * 1000:.1f} ms" if r[op] < 1 else f"{r[op]:.2f} s" for r in results)
        ok = "-" if k is None else ("yes" if k <= 1.1 else "no")  # 1.1: noise in a fit of 2-3 points
        print(f"| {op} | {cells} | {'-' if k is None else f'{k:.2f}'} | {ok} |")
    print(
        "| peak memory: the program holding the case list | "
        + " | ".join(f"{r['list_peak_mb']:.0f} MB" for r in results)
        + " | - | < 1 GB |"
    )
    print(
        "| peak memory: this bench (its synthetic data too) | "
        + " | ".join(f"{r['peak_mb']:.0f} MB" for r in results)
        + " | - | - |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
