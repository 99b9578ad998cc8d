"""Retention and erasure commands: ``retention report``, ``retention purge --yes``, ``cases erase``."""

from __future__ import annotations

import argparse

from dv_forum.cases import retention as _retention  # noqa: F401 - registers retention.years
from dv_forum.cli.context import Context
from dv_forum.errors import UserError


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
    cmds = grp.add_subparsers(dest="retention_command", required=True, metavar="WHAT")
    p = cmds.add_parser("report", help="dry run: the cases a purge would remove now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_report)
    p = cmds.add_parser("purge", help="purge the cases due (then compact the vault file)")
    p.add_argument("--yes", action="store_true", help="confirm: the purged cases cannot be recovered")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_purge)

    cases = _cases_group(sub)
    p = cases.add_parser("erase", help="erase one case for good, with a reason (audited)")
    p.add_argument("case_ref", metavar="REF")
    p.add_argument("--reason", required=True, help="why (recorded in the audit log; no names)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_erase)


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from dv_forum.cases import retention

    result = retention.report(ctx.open_vault())
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
    ctx.emit(result.to_dict(), "\n".join(lines))
    return 0


def cmd_purge(args: argparse.Namespace, ctx: Context) -> int:
    from dv_forum.cases import retention

    if not args.yes:
        raise UserError(
            "A purge removes cases for good.",
            "Check 'dv-forum retention report' first, then run 'dv-forum retention purge --yes'.",
        )
    result = retention.purge(ctx.open_vault())
    ctx.emit(
        {"purged": result.purged, "pages_before": result.pages_before, "pages_after": result.pages_after},
        f"Purged {result.purged} cases; the vault file was compacted "
        f"({result.pages_before} -> {result.pages_after} pages).",
    )
    return 0


def cmd_erase(args: argparse.Namespace, ctx: Context) -> int:
    from dv_forum.cases import retention

    result = retention.erase_case(ctx.open_vault(), args.case_ref, args.reason)
    ctx.emit(
        {"erased": args.case_ref, "pages_before": result.pages_before, "pages_after": result.pages_after},
        f"Erased case {args.case_ref}; the reason is in the audit log.",
    )
    return 0
