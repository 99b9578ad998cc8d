"""`dv-forum self-test`: check that this installation works (see dv_forum.selftest)."""

from __future__ import annotations

from dv_forum.cli.commands import Args, Commands, Verdict
from dv_forum.cli.context import Context
from dv_forum.selftest import run_selftest


def register(top: Commands) -> None:
    top(
        "self-test",
        "check this installation in a temporary vault (no real vault is touched)",
        run_selftest_command,
        json=True,
        vault=False,
        description="Create a throwaway vault in a temporary folder, write and read a synthetic "
        "referral, render a MARAC pack PDF, check SQLCipher, the keyring and the program's resources, "
        "then delete the folder. Exits 0 only if every check passes.",
    )


def run_selftest_command(ctx: Context, args: Args) -> Verdict:
    report = run_selftest()
    return Verdict(report.as_dict(), report.as_text(), 0 if report.ok else 1)
