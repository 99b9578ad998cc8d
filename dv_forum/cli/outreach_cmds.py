"""`dv-forum outreach ...`: what is due, caseloads, clients and contacts for scripting."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from dv_forum.cli.context import Context
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, SAFE_METHODS, SAFETY_PLAN
from dv_forum.vault import Vault

# What a command does with the open vault: a line to print, or (data, text) printed as JSON with
# --json and as the text otherwise.
Args = argparse.Namespace
Run = Callable[[Vault, Args], "str | tuple[Any, str]"]


def _handle(run: Run, args: Args, ctx: Context) -> int:
    result = run(ctx.open_vault(), args)
    if isinstance(result, str):
        print(result)
    else:
        ctx.emit(*result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grp = sub.add_parser("outreach", help="Women's Aid outreach clients and contacts")
    cmds = grp.add_subparsers(dest="outreach_command", required=True, metavar="WHAT")
    printing = []

    def command(name: str, help_text: str, run: Run, json: bool = False) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = cmds.add_parser(name, help=help_text)
        parser.set_defaults(handler=functools.partial(_handle, run))
        if json:
            printing.append(parser)
        return parser

    p = command("due", "follow-ups, first contacts and risk reviews due or overdue", cmd_due, json=True)
    p.add_argument("--worker", metavar="NAME", help="one worker's (coordinator); yours otherwise")
    p.add_argument("--days", type=int, help="look this many days ahead (default: the setting, 7)")

    command("caseload", "open clients and overdue items per worker", cmd_caseload, json=True)
    command("figures", "days to first contact; contacts by type and locality", cmd_figures, json=True)

    p = command("clients", "your open clients (a coordinator: everyone's)", cmd_clients, json=True)
    p.add_argument("--worker", metavar="NAME")
    p.add_argument("--all", action="store_true", help="include closed clients")

    p = command("add-client", "open a client record", cmd_add_client)
    p.add_argument("--referred", required=True, help="referral date")
    p.add_argument("--code")
    p.add_argument("--source", dest="referral_source", metavar="SOURCE", help="referral source")
    p.add_argument("--locality")
    p.add_argument("--barrier", dest="barriers", action="append", default=[], choices=BARRIERS)
    p.add_argument("--safe-method", choices=SAFE_METHODS)
    p.add_argument("--safe-times")
    p.add_argument("--worker", help="owning worker (coordinator only; default you)")
    p.add_argument("--case", help="case reference of a linked referral")

    p = command("contact", "record a contact (notes are entered in the app only)", cmd_contact)
    p.add_argument("client")
    p.add_argument("--at", required=True, help="date and time, e.g. '2026-03-01 14:30'")
    p.add_argument("--type", required=True, choices=CONTACT_TYPES)
    p.add_argument("--unsafe", action="store_true", help="the contact was not safe")
    # Options named (dest) as record_contact's arguments, so they pass straight through.
    p.add_argument("--duration", dest="duration_min", metavar="DURATION", type=int, help="minutes")
    p.add_argument("--review", dest="risk_review", action="store_true", help="risk reviewed")
    p.add_argument(
        "--dash", dest="dash_score", metavar="DASH", type=int, help="new DASH score (with --review)"
    )
    p.add_argument(
        "--incident", dest="new_incident", action="store_true", help="a new incident was disclosed"
    )
    p.add_argument("--plan", dest="safety_plan", choices=SAFETY_PLAN, default="none", help="safety plan")
    p.add_argument("--issue", dest="issues", action="append", default=[], choices=ISSUES)
    p.add_argument("--barrier", dest="barriers_met", action="append", default=[], choices=BARRIERS)
    p.add_argument(
        "--onward", action="append", default=[], metavar="AGENCY", help="onward referral made today"
    )
    p.add_argument("--next", dest="next_contact", metavar="NEXT", help="next contact date")

    for p in printing:
        p.add_argument("--json", action="store_true")  # last, as each command has always listed it


def cmd_due(vault: Vault, args: Args) -> tuple[Any, str]:
    rows = [i.as_dict() for i in figures.due(vault, args.worker, horizon_days=args.days)]
    text = "\n".join(
        f"{r['due_date']}  {'OVERDUE' if r['overdue'] else 'due    '}  {r['client_code']:<14} "
        f"{r['worker']:<12} {r['kind']}"
        for r in rows
    )
    return rows, text or "Nothing due."


def cmd_caseload(vault: Vault, args: Args) -> tuple[Any, str]:
    rows = figures.caseload(vault)
    lines = [f"{'Worker':<14} {'Open':>5} {'Contacts 28d':>13} {'Overdue':>8} {'Reviews due':>12}"]
    lines += [
        f"{r['worker']:<14} {r['open_clients']:>5} {r['contacts_28_days']:>13} {r['overdue']:>8} "
        f"{r['risk_reviews_due']:>12}"
        for r in rows
    ]
    return rows, "\n".join(lines) if rows else "No open clients."


def cmd_figures(vault: Vault, args: Args) -> tuple[Any, str]:
    data = {"first_contact": figures.first_contact_times(vault), **figures.contacts_by(vault)}
    fc = data["first_contact"]
    lines = [
        f"Days from referral to first contact: median {fc['median_days']}, mean {fc['mean_days']}, "
        f"max {fc['max_days']} ({fc['not_yet_contacted']} not yet contacted)"
    ]
    lines += ["Contacts by type:"] + [f"  {k}: {v}" for k, v in data["by_type"].items()]
    lines += ["Contacts by locality:"] + [f"  {k}: {v}" for k, v in data["by_locality"].items()]
    return data, "\n".join(lines)


def cmd_clients(vault: Vault, args: Args) -> tuple[Any, str]:
    found = clients.list_clients(vault, args.worker, include_closed=args.all)
    rows = [{k: v for k, v in asdict(c).items() if k != "id"} for c in found]
    text = "\n".join(
        f"{r['code']:<14} {r['worker']:<12} referred {r['referral_date']}  {r['locality'] or ''}"
        for r in rows
    )
    return rows, text or "No clients."


def cmd_add_client(vault: Vault, args: Args) -> str:
    fields = "code worker referral_source locality barriers safe_method safe_times case".split()
    code = clients.add_client(vault, args.referred, **{k: getattr(args, k) for k in fields})
    return f"Client {code} added."


def cmd_contact(vault: Vault, args: Args) -> str:
    day = args.at.strip().split()[0] if args.at.strip() else ""
    given = {k: v for k, v in vars(args).items() if k in contacts.EDITABLE}
    given.update(safe=not args.unsafe, onward=[contacts.Onward(a, day) for a in args.onward])
    contacts.record_contact(vault, args.client, **given)
    return "Contact recorded."
