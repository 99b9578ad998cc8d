"""Bench 6e: each screen's first visit in the real program (built on first use, then loaded),
with the audit log at a million rows, against a bare QTableView showing the same referrals."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import make_vault as mv
from desktop_bench import probe
from measure import Result, add

from dv_forum.vault import Vault
from dv_forum.vault.audit import GENESIS, row_hash

GOAL_S = 0.3
AUDIT_ROWS = 1_000_000


def fill_audit(folder: Path, rows: int) -> None:
    """A long history: the audit log grown to ``rows`` entries, a valid chain like the real one."""
    vault = Vault.open(folder, mv.USER, mv.PASSPHRASE)
    conn = vault.conn
    have = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS
    batch: list[tuple[Any, ...]] = []
    with vault.transaction():
        for i in range(max(0, rows - have)):
            ts = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(1_600_000_000 + i * 60))
            ref = f"NWL-2024-{i % 9000:04d}"
            h = row_hash(prev, ts, mv.USER, "case.view", ref, None)
            batch.append((ts, mv.USER, "case.view", ref, None, prev, h))
            prev = h
            if len(batch) == 50_000:
                conn.executemany(
                    "INSERT INTO audit (ts, user, action, ref, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
                    batch,
                )
                batch.clear()
        if batch:
            conn.executemany(
                "INSERT INTO audit (ts, user, action, ref, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
                batch,
            )
    vault.close("bench")


def bench_screens(tag: str, folder: Path, plain_path: Path, home: Path, repeat: int, audit_rows: int) -> None:
    fill_audit(folder, audit_rows)
    n = max(2, repeat // 2 + 1)
    base = [probe(["table", str(plain_path)], home)[1].get("first_rows_s") for _ in range(n)]
    bare = [b for b in base if b is not None] or None
    for flag, label, goal in (
        ("--screens", "6e open {key} once the screens are built", True),
        ("--screens-unbuilt", "6f open {key} at once, built at the visit", False),
    ):
        runs = [probe(["app", str(folder), mv.USER, flag], home, mv.PASSPHRASE)[1] for _ in range(n)]
        error = next((r["error"] for r in runs if r.get("error")), "")
        keys = [k for k in runs[0] if k not in ("error", "peak_rss_mb", "settle_s")] if runs else []
        for key in keys:
            ours = [float(r[key]) for r in runs if r.get(key) is not None] or None
            r = Result(
                tag,
                label.format(key=key) + ", drawn with its data, vs bare QTableView first rows",
                ours,
                bare,
                note=error or (f"audit log {audit_rows:,} rows" if key == "audit" else ""),
            )
            if goal:
                r.goal, r.met = "< 300 ms", ours is not None and statistics.median(ours) < GOAL_S
            add(r)
        settled = [float(r["settle_s"]) for r in runs if r.get("settle_s") is not None]
        if settled:
            add(
                Result(
                    tag,
                    "6g from the drawn window to every screen built and loaded, in the background",
                    settled,
                    None,
                    note="the user can work meanwhile: a visit builds its screen at once",
                )
            )
