"""The referral import timed at scale: the program's CSV import into a fresh vault against plain
sqlite3 executemany of the same rows, and the floor any vault import pays."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import make_vault as mv
from measure import Result, add, measure, med

IMPORT_GOAL_RPS = 20_000
IMPORT_GOAL_ROWS = 100_000  # the file size the import goal is set for


def bench_import(tag: str, tmp: Path, data: mv.Synthetic, repeat: int) -> None:
    rows = len(data.referrals)
    csv_path = mv.write_csv(tmp / "import.csv", data)

    targets: dict[str, Any] = {}

    def fresh_plain() -> None:
        for p in tmp.glob("plain_import.db*"):
            p.unlink()
        targets["plain"] = mv.plain_schema(tmp / "plain_import.db")

    def fresh_vault() -> None:
        folder = tmp / "import_vault"
        if folder.exists():
            for p in folder.iterdir():
                p.unlink()
            folder.rmdir()
        targets["vault"] = mv.create_vault(folder)

    def plain_insert() -> None:
        mv.insert(targets["plain"], data)
        targets.pop("plain").close()

    def vault_insert() -> None:
        mv.insert(targets["vault"].conn, data)
        targets.pop("vault").close("bench")

    # Persons, referrals and the other areas' rows into an empty schema, one transaction, closed.
    base = [rows / t for t in measure(plain_insert, repeat, setup=fresh_plain)]
    floor = [rows / t for t in measure(vault_insert, max(2, repeat // 2), setup=fresh_vault)]
    add(
        Result(
            tag,
            "2a executemany into the vault vs plain sqlite3 executemany",
            floor,
            base,
            unit="rows/s",
            note="not the import; the floor any vault import pays",
        )
    )
    ours = _time_import(tmp, csv_path, rows, max(2, repeat // 2))
    note = "" if ours else "the cases area's CSV import is not on this branch yet"
    # The goal is set for a 100,000-row file (issue 9). A smaller file is reported without it: the
    # command's fixed cost (unlock with the floor KDF, about 0.1 s) is a large part of its time.
    goal_applies = rows >= IMPORT_GOAL_ROWS
    if not goal_applies and not note:
        note = f"reported only: the goal is for a {IMPORT_GOAL_ROWS:,}-row file; includes ~0.1 s unlock"
    add(
        Result(
            tag,
            f"2b CSV import of {rows:,} rows vs plain sqlite3 executemany",
            ours,
            base,
            goal=f">= {IMPORT_GOAL_RPS:,} rows/s" if goal_applies else "-",
            unit="rows/s",
            met=(bool(ours) and med(ours) >= IMPORT_GOAL_RPS) if goal_applies else None,
            note=note,
        )
    )


def _time_import(tmp: Path, csv_path: Path, rows: int, runs: int) -> list[float] | None:
    """Rows a second of `dv-forum import referrals` into a fresh vault, ``runs`` times."""
    importer = real_import()
    if importer is None:
        return None
    times = []
    for i in range(runs):
        folder = tmp / f"imp{i}"
        mv.create_vault(folder).close("bench")
        t = time.perf_counter()
        importer(folder, csv_path)
        times.append(time.perf_counter() - t)
    return [rows / t for t in times]


def real_import() -> Callable[[Path, Path], None] | None:
    """`dv-forum import referrals FILE` in-process, once the cases area provides it."""
    try:
        from dv_forum.cli import cases_cmds  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return None
    from dv_forum.cli import main as cli_main

    def run(folder: Path, path: Path) -> None:
        os.environ["DV_FORUM_PASSPHRASE"] = mv.PASSPHRASE
        code = cli_main(["--vault", str(folder), "--user", mv.USER, "import", "referrals", str(path)])
        if code != 0:
            raise RuntimeError(f"import failed with exit code {code}")

    return run
