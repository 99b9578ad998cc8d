"""Results of the benchmarks: each measure beside its baseline from the same run, the ratio, the
goal, and the Markdown table that bench/run.py prints and writes."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Result:
    scale: str
    name: str
    ours: list[float] | None
    base: list[float] | None
    goal: str = "-"
    met: bool | None = None  # None: no goal (reported only)
    note: str = ""
    unit: str = "s"


RESULTS: list[Result] = []


def add(result: Result) -> Result:
    RESULTS.append(result)
    print(
        f"  {result.name}: {fmt(result.ours, result.unit)} vs {fmt(result.base, result.unit)}"
        f"{'  ' + result.note if result.note else ''}",
        file=sys.stderr,
        flush=True,
    )
    return result


def measure(fn: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def med(xs: list[float] | None) -> float | None:
    return statistics.median(xs) if xs else None


def num(x: float, unit: str) -> str:
    if unit == "s":
        return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"
    if unit == "rows/s":
        return f"{x:,.0f}"
    return f"{x:.0f} {unit}"


def fmt(xs: list[float] | None, unit: str) -> str:
    if not xs:
        return "n/a"
    if len(xs) == 1:
        return num(xs[0], unit)
    return f"{num(statistics.median(xs), unit)} ({num(min(xs), unit)}-{num(max(xs), unit)})"


def ratio(r: Result) -> float | None:
    o, b = med(r.ours), med(r.base)
    if o is None or not b:
        return None
    return b / o if r.unit == "rows/s" else o / b


def table() -> str:
    head = [
        "scale",
        "measure",
        "ours: median (min-max)",
        "baseline: median (min-max)",
        "ratio",
        "goal",
        "met",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in RESULTS:
        q = ratio(r)
        met = "-" if r.met is None and r.goal == "-" else ("yes" if r.met else "NO")
        name = r.name + (f" ({r.note})" if r.note else "")
        lines.append(
            "| "
            + " | ".join(
                [
                    r.scale,
                    name,
                    fmt(r.ours, r.unit),
                    fmt(r.base, r.unit),
                    f"{q:.2f}x" if q is not None else "n/a",
                    r.goal,
                    met,
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = int(f.readline().split()[1])
    import PySide6
    import reportlab
    import sqlcipher3

    c = sqlcipher3.connect(":memory:")
    cipher = c.execute("PRAGMA cipher_version").fetchone()[0]
    c.close()
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, SQLCipher {cipher} (SQLite "
        f"{sqlcipher3.sqlite_version}), stdlib SQLite {sqlite3.sqlite_version}, PySide6 "
        f"{PySide6.__version__}, ReportLab {reportlab.Version}"
    )
