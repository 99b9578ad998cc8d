"""Retention and erasure commands: ``retention report``, ``retention purge --yes``, ``cases erase``."""

from __future__ import annotations

import argparse
from typing import Any

from dv_forum.cases import retention
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.vault import Vault


def _cases_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The ``cases`` command group, shared with the cases area whichever module made it first."""
    from dv_forum.cli import _GROUPS, group

    existing = sub.choices.get("cases") if "cases" not in _GROUPS else None
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    return group(sub, "cases", "case referrals")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grp = sub.add_parser("retention", help="purge closed cases past the retention period")
    cmd = Commands(grp.add_subparsers(dest="retention_command", required=True, metavar="WHAT"))
    cmd("report", "dry run: the cases a purge would remove now", run_report, json=True)
    p = cmd(
        "purge", "purge the cases due (then compact the vault file)", run_purge, json=True, check=_confirmed
    )
    p.add_argument("--yes", action="store_true", help="confirm: the purged cases cannot be recovered")

    p = Commands(_cases_group(sub))(
        "erase", "erase one case for good, with a reason (audited)", run_erase, json=True
    )
    p.add_argument("case_ref", metavar="REF")
    p.add_argument("--reason", required=True, help="why (recorded in the audit log; no names)")


def run_report(vault: Vault, args: Args) -> tuple[Any, str]:
    result = retention.report(vault)
    lines = [
        f"Retention: closed cases are kept {result.years} years; "
        f"cases referred since {result.referred_after} are always kept.",
        f"Due for purging (closed before {result.closed_before}): {len(result.due)}",
    ]
    lines += [f"  {c.case_ref}  referred {c.referral_date}  closed {c.closed_date}" for c in result.due]
    if result.kept_recent:
        lines.append(f"Kept because referred within 12 months: {result.kept_recent}")
    if result.kept_no_closed_date:
        lines.append(f"Kept because closed without a closed date: {result.kept_no_closed_date}")
    if result.kept_on_hold:
        lines.append(f"Kept because under a review hold: {result.kept_on_hold}")
    return result.to_dict(), "\n".join(lines)


def _confirmed(args: Args) -> None:
    if not args.yes:
        raise UserError(
            "A purge removes cases for good.",
            "Check 'dv-forum retention report' first, then run 'dv-forum retention purge --yes'.",
        )


def run_purge(vault: Vault, args: Args) -> tuple[Any, str]:
    result = retention.purge(vault)
    return (
        {"purged": result.purged, "pages_before": result.pages_before, "pages_after": result.pages_after},
        f"Purged {result.purged} cases; the vault file was compacted "
        f"({result.pages_before} -> {result.pages_after} pages).",
    )


def run_erase(vault: Vault, args: Args) -> tuple[Any, str]:
    result = retention.erase_case(vault, args.case_ref, args.reason)
    return (
        {"erased": args.case_ref, "pages_before": result.pages_before, "pages_after": result.pages_after},
        f"Erased case {args.case_ref}; the reason is in the audit log.",
    )
