"""Benchmarks at scale (issue 9): the program against plain SQLite, bare ReportLab and bare Qt.

    .venv/bin/python bench/run.py [--quick] [--scale realistic|county|N ...] [--repeat 5]
                                       [--results bench/results.md]

Every measurement has a baseline built in the same run on the same rows, and reports the median of
repeated runs with min-max. ``--quick`` runs the realistic scale only; the default runs realistic
and county. The last line is ``goals met: N/M``; a goal that cannot be measured on this branch (the
cases area not merged yet) counts as not met. Synthetic data only; nothing here logs case data.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import make_vault as mv  # noqa: E402
import pack_bench  # noqa: E402
import stats_bench  # noqa: E402
from desktop_bench import bench_case_list, bench_unlock_and_start  # noqa: E402
from flags_sql import reset_flags, stored_flags, window_flags, window_flags_sql, write_flags  # noqa: E402
from import_timing import bench_import  # noqa: E402
from measure import RESULTS, Result, add, fmt, machine, measure, med, ratio, table  # noqa: E402
from save_bench import bench_save  # noqa: E402
from save_ui_bench import bench_save_ui  # noqa: E402
from screens_bench import AUDIT_ROWS, bench_screens  # noqa: E402

from dv_forum.reports import pack_data  # noqa: E402
from dv_forum.stats.ni32 import repeat_report  # noqa: E402
from dv_forum.stats.rules import Rules  # noqa: E402
from dv_forum.vault import KdfParams, Vault, crypto  # noqa: E402

NI32_FY = 2025


# ---------------------------------------------------------------- the benchmarks


def bench_recompute(tag: str, vault: Vault, plain: sqlite3.Connection, repeat: int) -> bool:
    """Returns whether the window query agrees with the repeat engine (True when there is no engine)."""
    base_select = measure(lambda: window_flags(plain), repeat)

    def base_write() -> None:
        plain.execute("BEGIN")
        plain.execute(
            "UPDATE referrals SET is_repeat = x.is_repeat, repeat_of = x.repeat_of, "
            "repeat_outside_date = x.repeat_outside_date, repeat_rule = 'pair/referral/12m/any', "
            f"perp_repeat = x.perp_repeat FROM ({window_flags_sql()}) AS x WHERE x.id = referrals.id"
        )
        plain.execute("COMMIT")

    base_all = measure(base_write, repeat, setup=lambda: reset_flags(plain))
    try:
        from dv_forum.cases.recompute import recompute  # type: ignore[import-not-found]
        from dv_forum.cases.repeats import RepeatRules  # type: ignore[import-not-found]
    except ImportError:
        note = "the cases area's repeat recompute is not on this branch yet"
        add(
            Result(
                tag,
                "3a repeat recompute, every flag stale vs window query + UPDATE",
                None,
                base_all,
                goal="<= 2x",
                met=False,
                note=note,
            )
        )
        add(
            Result(
                tag,
                "3b repeat recompute, flags current vs window query",
                None,
                base_select,
                goal="<= 2x",
                met=False,
                note=note,
            )
        )
        write_flags(vault.conn, window_flags(plain))
        return True
    rules = RepeatRules()
    all_stale = measure(lambda: recompute(vault.conn, rules), repeat, setup=lambda: reset_flags(vault.conn))
    agree = stored_flags(vault.conn) == window_flags(plain)
    current = measure(lambda: recompute(vault.conn, rules), repeat)
    note = "" if agree else "FLAGS DIFFER from the window query"
    for name, ours, base in (
        ("3a repeat recompute, every flag stale vs window query + UPDATE", all_stale, base_all),
        ("3b repeat recompute, flags current vs window query", current, base_select),
    ):
        r = Result(tag, name, ours, base, goal="<= 2x", note=note)
        r.met = agree and (ratio(r) or 99) <= 2
        add(r)
    return agree


def bench_ni32(tag: str, vault: Vault, plain: sqlite3.Connection, repeat: int) -> None:
    start, end = date(NI32_FY, 4, 1), date(NI32_FY + 1, 3, 31)
    rules = Rules()
    report = repeat_report(vault.conn, start, end, "quarter", rules)
    quarters = {q: (n, r) for q, n, r in stats_bench.plain_quarters(plain, NI32_FY)}
    agree = [(p.cases, p.repeats) for p in report.periods] == [quarters.get(q, (0, 0)) for q in (1, 2, 3, 4)]
    ours = measure(lambda: repeat_report(vault.conn, start, end, "quarter", rules), repeat * 3)
    base = measure(lambda: stats_bench.plain_quarters(plain, NI32_FY), repeat * 3)
    same = measure(lambda: stats_bench.plain_per_day(plain, NI32_FY), repeat * 3)
    r = Result(
        tag,
        "4 NI 32 by quarter for a year vs plain-SQLite aggregate",
        ours,
        base,
        goal="<= 1.5x and < 0.2 s",
        note=("" if agree else "FIGURES DIFFER; ") + f"same statement on plain SQLite {fmt(same, 's')}",
    )
    o, b = med(ours), min(med(base) or 0, med(same) or 0)
    r.met = agree and o is not None and o < 0.2 and o <= 1.5 * b
    add(r)


def bench_pack(tag: str, tmp: Path, repeat: int) -> None:
    vault, mid = pack_bench.fixture(tmp / "pack_vault", 30)
    try:
        data = pack_data.load(vault.conn, mid)
        pdf = pack_bench.our_pack(data)
        pages = pack_bench.page_count(pdf)
        ours = measure(lambda: pack_bench.our_pack(data), repeat)
        base = measure(lambda: pack_bench.bare_same_story(data), repeat)
        minimal = measure(lambda: pack_bench.bare_minimal(pages), repeat)
    finally:
        vault.close("bench")
    r = Result(
        tag,
        f"5 30-case MARAC pack ({pages} pages) vs bare ReportLab, same story",
        ours,
        base,
        goal="<= 2x",
        note=f"one paragraph a page: {fmt(minimal, 's')}",
    )
    r.met = (ratio(r) or 99) <= 2
    add(r)


QUERY_MIX = [
    (
        "SELECT substr(referral_date, 1, 7), count(*), sum(is_repeat) FROM referrals "
        "WHERE referral_date BETWEEN '2025-04-01' AND '2026-03-31' GROUP BY 1",
        (),
    ),
    (
        "SELECT id, case_ref, referral_date, risk_band, area, status FROM referrals "
        "ORDER BY referral_date DESC, id DESC LIMIT 200",
        (),
    ),
    (
        "SELECT count(*) FROM referrals WHERE area = 'Ashby de la Zouch' AND risk_band = 'high' AND status = 'open'",
        (),
    ),
    (
        "SELECT count(*) FROM referrals r JOIN persons p ON p.id = r.victim_id WHERE p.canonical_id IS NOT NULL",
        (),
    ),
    ("SELECT client_id, count(*), max(at) FROM outreach_contacts GROUP BY client_id", ()),
    (
        "SELECT e.cohort_id, sum(a.mark = 'present') FROM freedom_attendance a "
        "JOIN freedom_enrolments e ON e.id = a.enrolment_id GROUP BY e.cohort_id",
        (),
    ),
    (
        "SELECT m.date, count(r.id) FROM meetings m LEFT JOIN referrals r ON r.meeting_id = m.id GROUP BY m.id",
        (),
    ),
]


def query_mix(conn: Any, refs: list[str]) -> None:
    for sql, params in QUERY_MIX:
        conn.execute(sql, params).fetchall()
    for ref in refs:
        conn.execute("SELECT * FROM referrals WHERE case_ref = ?", (ref,)).fetchone()
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE referrals SET updated_at = ? WHERE case_ref = ?", [("2026-04-01T00:00:00", r) for r in refs]
    )
    conn.execute("COMMIT")


def bench_query_mix(
    tag: str, vault: Vault, plain: sqlite3.Connection, data: mv.Synthetic, repeat: int
) -> None:
    refs = [r["case_ref"] for r in data.referrals[:: max(1, len(data.referrals) // 200)]]
    base = measure(lambda: query_mix(plain, refs), repeat)
    ours = measure(lambda: query_mix(vault.conn, refs), repeat)
    add(
        Result(
            tag,
            "7 SQLCipher vs plain SQLite, same query mix (overhead)",
            ours,
            base,
            note="7 reads, 200 look-ups, 200-row update; vault settings as shipped",
        )
    )


def bench_memory_security(tag: str, scale: str, repeat: int) -> None:
    """PRAGMA cipher_memory_security = ON (DV_FORUM_MEMORY_SECURITY=on) against OFF (as shipped),
    each in its own process."""

    def once(setting: str) -> dict[str, float]:
        out = subprocess.run(
            [sys.executable, str(HERE / "cipher_probe.py"), setting, scale],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
        return json.loads(next(line[7:] for line in out.splitlines() if line.startswith("RESULT ")))

    n = max(2, repeat // 2)
    runs = {s: [once(s) for _ in range(n)] for s in ("ON", "OFF")}
    for key, what in (("insert_s", "bulk insert"), ("mix_s", "query mix")):
        add(
            Result(
                tag,
                f"7b SQLCipher {what}: cipher_memory_security ON (DV_FORUM_MEMORY_SECURITY=on) vs OFF (as shipped)",
                [r[key] for r in runs["ON"]],
                [r[key] for r in runs["OFF"]],
                note="same pragmas otherwise; separate processes",
            )
        )


# ---------------------------------------------------------------- driver


def run_scale(scale: mv.Scale, repeat: int, with_pack: bool, kdf: KdfParams) -> None:
    tag = scale.name
    print(f"[{tag}] building the vault and its plain copy...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="dvbench-") as t:
        tmp = Path(t)
        home = tmp / "home"
        t0 = time.perf_counter()
        vault, data = mv.make_vault(tmp / "vault", scale, kdf=kdf)
        plain = mv.make_plain(tmp / "plain.db", data)
        print(f"[{tag}] built in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        bench_recompute(tag, vault, plain, repeat)
        write_flags(plain, window_flags(plain))
        bench_ni32(tag, vault, plain, repeat)
        bench_query_mix(tag, vault, plain, data, repeat)
        bench_save(tag, vault, repeat)  # the saves are removed after: later measures see the same vault
        vault.close("bench")
        bench_unlock_and_start(tag, tmp / "vault", kdf, home, repeat)
        bench_case_list(tag, tmp / "vault", tmp / "plain.db", home, repeat)
        bench_save_ui(tag, tmp / "vault", home, repeat)
        bench_screens(tag, tmp / "vault", tmp / "plain.db", home, repeat, AUDIT_ROWS)
        plain.close()
        bench_import(tag, tmp, data, repeat)
        bench_memory_security(
            tag, scale.name if scale in (mv.REALISTIC, mv.COUNTY) else str(scale.referrals), repeat
        )
        if with_pack:
            bench_pack(tag, tmp, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="realistic scale only (under a minute)")
    parser.add_argument("--scale", action="append", help="realistic, county or a number of referrals")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    names = args.scale or (["realistic"] if args.quick else ["realistic", "county"])
    repeat = 3 if args.quick and args.repeat == 5 else args.repeat
    started = time.perf_counter()
    kdf = crypto.calibrate()
    for i, name in enumerate(names):
        run_scale(mv.scale_named(name), repeat, with_pack=i == 0, kdf=kdf)
    out = io.StringIO()
    goals = [r for r in RESULTS if r.goal != "-"]
    met = sum(1 for r in goals if r.met)
    print(f"Machine: {machine()}", file=out)
    print(
        f"Scales: {', '.join(names)}; {repeat} runs each (subprocess and Qt measures fewer); "
        f"total {time.perf_counter() - started:.0f} s\n",
        file=out,
    )
    print(table(), file=out)
    print(f"\ngoals met: {met}/{len(goals)}", file=out)
    text = out.getvalue()
    if args.results:
        args.results.write_text(
            f"# Benchmark results\n\nRun {date.today().isoformat()} with "
            f"`python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`."
            f"\n\n{text}",
            encoding="utf-8",
        )
    print(text, end="")
    return 0


if __name__ == "__main__":
    csv.field_size_limit(1 << 20)
    sys.exit(main())
