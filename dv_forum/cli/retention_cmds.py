"""Retention and erasure commands: ``retention report``, ``retention purge --yes``, ``cases erase``."""

from __future__ import annotations

from typing import Any

from dv_forum.cases import retention
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.vault import Vault


def register(top: Commands) -> None:
    cmd = top.group("retention", "purge closed cases past the retention period")
    cmd("report", "dry run: the cases a purge would remove now", run_report, json=True)
    p = cmd(
        "purge", "purge the cases due (then compact the vault file)", run_purge, json=True, check=_confirmed
    )
    p.add_argument("--yes", action="store_true", help="confirm: the purged cases cannot be recovered")

    p = top.group("cases", "case referrals")(
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
