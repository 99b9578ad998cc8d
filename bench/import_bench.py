"""Time `dv-forum import referrals` alone: ``python bench/import_bench.py [--scale county] [--repeat 3]
[--profile]``. Fresh vault per run (floor KDF); prints median rows/s (min-max). With ``--profile``
one in-process call of importer.import_referrals under pyinstrument."""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import make_vault as mv  # noqa: E402
from import_timing import real_import  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--scale", default="county")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--direct", action="store_true", help="no TEMP staging (bulk.DIRECT_BELOW huge)")
    args = p.parse_args()
    data = mv.generate(mv.scale_named(args.scale))
    rows = len(data.referrals)
    if args.direct:
        from dv_forum.cases import bulk

        bulk.DIRECT_BELOW = 1 << 60
    with tempfile.TemporaryDirectory(prefix="dvimp-") as t:
        tmp = Path(t)
        csv_path = mv.write_csv(tmp / "import.csv", data)
        if args.profile:
            from pyinstrument import Profiler

            from dv_forum.cases import importer

            vault = mv.create_vault(tmp / "pv")
            prof = Profiler(interval=0.0005)
            prof.start()
            importer.import_referrals(vault, csv_path)
            prof.stop()
            vault.close("bench")
            print(prof.output_text(unicode=False, color=False, show_all=False))
            return 0
        run = real_import()
        assert run is not None
        rates, cpu = [], []
        for i in range(args.repeat):
            folder = tmp / f"imp{i}"
            mv.create_vault(folder).close("bench")
            t0, c0 = time.perf_counter(), time.process_time()
            with (
                open(os.devnull, "w") as null,
                contextlib.redirect_stderr(null),
                contextlib.redirect_stdout(null),
            ):
                run(folder, csv_path)
            rates.append(rows / (time.perf_counter() - t0))
            cpu.append(rows / (time.process_time() - c0))
        print(
            f"{rows:,} rows: median {statistics.median(rates):,.0f} rows/s "
            f"({min(rates):,.0f}-{max(rates):,.0f}) runs {[round(r) for r in rates]}; "
            f"by CPU time median {statistics.median(cpu):,.0f} rows/s {[round(r) for r in cpu]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
