"""`dv-forum outreach ...`: what is due, caseloads, clients and contacts for scripting."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from dv_forum.cli.context import Context
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, SAFE_METHODS, SAFETY_PLAN


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grp = sub.add_parser("outreach", help="Women's Aid outreach clients and contacts")
    cmds = grp.add_subparsers(dest="outreach_command", required=True, metavar="WHAT")

    p = cmds.add_parser("due", help="follow-ups, first contacts and risk reviews due or overdue")
    p.add_argument("--worker", metavar="NAME", help="one worker's (coordinator); yours otherwise")
    p.add_argument("--days", type=int, help="look this many days ahead (default: the setting, 7)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_due)

    p = cmds.add_parser("caseload", help="open clients and overdue items per worker")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_caseload)

    p = cmds.add_parser("figures", help="days to first contact; contacts by type and locality")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_figures)

    p = cmds.add_parser("clients", help="your open clients (a coordinator: everyone's)")
    p.add_argument("--worker", metavar="NAME")
    p.add_argument("--all", action="store_true", help="include closed clients")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_clients)

    p = cmds.add_parser("add-client", help="open a client record")
    p.add_argument("--referred", required=True, help="referral date")
    p.add_argument("--code")
    p.add_argument("--source", help="referral source")
    p.add_argument("--locality")
    p.add_argument("--barrier", action="append", default=[], choices=BARRIERS)
    p.add_argument("--safe-method", choices=SAFE_METHODS)
    p.add_argument("--safe-times")
    p.add_argument("--worker", help="owning worker (coordinator only; default you)")
    p.add_argument("--case", help="case reference of a linked referral")
    p.set_defaults(handler=cmd_add_client)

    p = cmds.add_parser("contact", help="record a contact (notes are entered in the app only)")
    p.add_argument("client")
    p.add_argument("--at", required=True, help="date and time, e.g. '2026-03-01 14:30'")
    p.add_argument("--type", required=True, choices=CONTACT_TYPES)
    p.add_argument("--unsafe", action="store_true", help="the contact was not safe")
    p.add_argument("--duration", type=int, help="minutes")
    p.add_argument("--review", action="store_true", help="risk reviewed")
    p.add_argument("--dash", type=int, help="new DASH score (with --review)")
    p.add_argument("--incident", action="store_true", help="a new incident was disclosed")
    p.add_argument("--plan", choices=SAFETY_PLAN, default="none", help="safety plan")
    p.add_argument("--issue", action="append", default=[], choices=ISSUES)
    p.add_argument("--barrier", action="append", default=[], choices=BARRIERS)
    p.add_argument(
        "--onward", action="append", default=[], metavar="AGENCY", help="onward referral made today"
    )
    p.add_argument("--next", help="next contact date")
    p.set_defaults(handler=cmd_contact)


def cmd_due(args: argparse.Namespace, ctx: Context) -> int:
    rows = [i.as_dict() for i in figures.due(ctx.open_vault(), args.worker, horizon_days=args.days)]
    text = "\n".join(
        f"{r['due_date']}  {'OVERDUE' if r['overdue'] else 'due    '}  {r['client_code']:<14} "
        f"{r['worker']:<12} {r['kind']}"
        for r in rows
    )
    ctx.emit(rows, text or "Nothing due.")
    return 0


def cmd_caseload(args: argparse.Namespace, ctx: Context) -> int:
    rows = figures.caseload(ctx.open_vault())
    lines = [f"{'Worker':<14} {'Open':>5} {'Contacts 28d':>13} {'Overdue':>8} {'Reviews due':>12}"]
    lines += [
        f"{r['worker']:<14} {r['open_clients']:>5} {r['contacts_28_days']:>13} {r['overdue']:>8} "
        f"{r['risk_reviews_due']:>12}"
        for r in rows
    ]
    ctx.emit(rows, "\n".join(lines) if rows else "No open clients.")
    return 0


def cmd_figures(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    data = {"first_contact": figures.first_contact_times(vault), **figures.contacts_by(vault)}
    fc = data["first_contact"]
    lines = [
        f"Days from referral to first contact: median {fc['median_days']}, mean {fc['mean_days']}, "
        f"max {fc['max_days']} ({fc['not_yet_contacted']} not yet contacted)"
    ]
    lines += ["Contacts by type:"] + [f"  {k}: {v}" for k, v in data["by_type"].items()]
    lines += ["Contacts by locality:"] + [f"  {k}: {v}" for k, v in data["by_locality"].items()]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_clients(args: argparse.Namespace, ctx: Context) -> int:
    rows = [asdict(c) for c in clients.list_clients(ctx.open_vault(), args.worker, include_closed=args.all)]
    for r in rows:
        r.pop("id")
    text = "\n".join(
        f"{r['code']:<14} {r['worker']:<12} referred {r['referral_date']}  {r['locality'] or ''}"
        for r in rows
    )
    ctx.emit(rows, text or "No clients.")
    return 0


def cmd_add_client(args: argparse.Namespace, ctx: Context) -> int:
    code = clients.add_client(
        ctx.open_vault(),
        args.referred,
        code=args.code,
        worker=args.worker,
        referral_source=args.source,
        locality=args.locality,
        barriers=args.barrier,
        safe_method=args.safe_method,
        safe_times=args.safe_times,
        case=args.case,
    )
    print(f"Client {code} added.")
    return 0


def cmd_contact(args: argparse.Namespace, ctx: Context) -> int:
    day = args.at.strip().split()[0] if args.at.strip() else ""
    contacts.record_contact(
        ctx.open_vault(),
        args.client,
        at=args.at,
        type=args.type,
        safe=not args.unsafe,
        duration_min=args.duration,
        risk_review=args.review,
        dash_score=args.dash,
        new_incident=args.incident,
        safety_plan=args.plan,
        issues=args.issue,
        barriers_met=args.barrier,
        onward=[contacts.Onward(a, day) for a in args.onward],
        next_contact=args.next,
    )
    print("Contact recorded.")
    return 0
