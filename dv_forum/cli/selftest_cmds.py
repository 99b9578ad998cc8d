"""`dv-forum self-test`: check that this installation works (see dv_forum.selftest)."""

from __future__ import annotations

import argparse

from dv_forum.cli.context import Context
from dv_forum.selftest import run_selftest


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "self-test",
        help="check this installation in a temporary vault (no real vault is touched)",
        description="Create a throwaway vault in a temporary folder, write and read a synthetic "
        "referral, render a MARAC pack PDF, check SQLCipher, the keyring and the program's resources, "
        "then delete the folder. Exits 0 only if every check passes.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_selftest)


def cmd_selftest(args: argparse.Namespace, ctx: Context) -> int:
    report = run_selftest()
    ctx.emit(report.as_dict(), report.as_text())
    return 0 if report.ok else 1
