"""`stats idva`: referrals and caseloads per IDVA against the SafeLives benchmarks."""

from __future__ import annotations

import argparse
from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.dates import parse_date
from dv_forum.stats.idva import Capacity, idva_capacity
from dv_forum.vault import Vault


def _date(text: str) -> object:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(top: Commands) -> None:
    stats = top.group("stats", "statistics: NI 32, CS 2, the SafeLives return, breakdowns")
    p = stats("idva", "IDVA capacity: referrals and caseloads against the benchmarks", cmd_idva, json=True)
    p.add_argument("--from", dest="start", type=_date, metavar="D", help="default: 12 months before --to")
    p.add_argument("--to", dest="end", type=_date, metavar="D", help="default: today")


def text(cap: Capacity) -> str:
    low, high = cap.caseload_range
    lines = [
        f"IDVA capacity {cap.start} to {cap.end}: benchmarks {cap.referrals_per_fte} referrals a year and a"
        f" caseload of {low}-{high} per full-time IDVA ({cap.full_time_hours:g} hours).",
        f"{'IDVA':<16} {'FTE':>5} {'Referrals':>9} {'Expected':>8} {'%':>6}  {'Caseload':>8} {'Range':>11}  Status",
    ]
    for i in cap.idvas:
        pct = "-" if i.referrals_pct is None else f"{i.referrals_pct:.0f}%"
        rng = f"{i.caseload_low:g}-{i.caseload_high:g}"
        lines.append(
            f"{i.idva[:16]:<16} {i.fte:>5.2f} {i.referrals:>9} {i.expected_referrals:>8g} {pct:>6}"
            f"  {i.caseload:>8} {rng:>11}  {i.caseload_status}"
        )
    lines.append(
        f"Total FTE {cap.total_fte:g}. No IDVA allocated: {cap.unallocated_referrals} referrals in the"
        f" period, {cap.unallocated_open} open cases."
    )
    return "\n".join(lines)


def cmd_idva(vault: Vault, args: Args) -> tuple[Any, str]:
    cap = idva_capacity(vault, args.start, args.end)
    return cap.to_dict(), text(cap)
