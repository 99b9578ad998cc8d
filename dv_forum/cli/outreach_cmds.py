"""`dv-forum outreach ...`: what is due, caseloads, clients and contacts for scripting."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.onward import Onward
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, SAFE_METHODS, SAFETY_PLAN
from dv_forum.vault import Vault

# What --clear empties, as the core's field and its empty value.
CLEARABLE = {
    "duration": ("duration_min", None),
    "dash": ("dash_score", None),
    "issues": ("issues", ()),
    "barriers": ("barriers_met", ()),
    "onward": ("onward", ()),
    "next": ("next_contact", None),
}


def register(top: Commands) -> None:
    command = top.group("outreach", "Women's Aid outreach clients and contacts")

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

    p = command(
        "contacts",
        "a client's contacts with their ids (notes are shown in the app only)",
        cmd_contacts,
        json=True,
    )
    p.add_argument("client")

    # Only the options given are changed: none has a default.
    p = command(
        "contact-edit",
        "correct a recorded contact",
        cmd_contact_edit,
        json=True,
        check=_edits_given,
        argument_default=argparse.SUPPRESS,
    )
    p.add_argument("client")
    p.add_argument("contact", type=int, metavar="ID", help="the contact's id (see 'outreach contacts')")
    p.add_argument("--at", help="date and time, e.g. '2026-03-01 14:30'")
    p.add_argument("--type", choices=CONTACT_TYPES)
    safety = p.add_mutually_exclusive_group()
    safety.add_argument("--safe", dest="safe", action="store_const", const=True, help="the contact was safe")
    safety.add_argument(
        "--unsafe", dest="safe", action="store_const", const=False, help="the contact was not safe"
    )
    p.add_argument("--duration", dest="duration_min", metavar="MIN", type=int, help="minutes")
    p.add_argument(
        "--review", dest="risk_review", action=argparse.BooleanOptionalAction, help="risk reviewed (or not)"
    )
    p.add_argument(
        "--dash", dest="dash_score", metavar="SCORE", type=int, help="new DASH score (with --review)"
    )
    p.add_argument(
        "--incident",
        dest="new_incident",
        action=argparse.BooleanOptionalAction,
        help="a new incident disclosed (or not)",
    )
    p.add_argument("--plan", dest="safety_plan", choices=SAFETY_PLAN, help="safety plan")
    p.add_argument(
        "--issue",
        dest="issues",
        action="append",
        choices=ISSUES,
        help="issues covered (repeat; replaces the list)",
    )
    p.add_argument(
        "--barrier",
        dest="barriers_met",
        action="append",
        choices=BARRIERS,
        help="barriers met (repeat; replaces the list)",
    )
    p.add_argument(
        "--onward",
        action="append",
        metavar="AGENCY",
        help="onward referral (repeat; replaces the list; an agency already there keeps its date and outcome)",
    )
    p.add_argument("--next", dest="next_contact", metavar="DATE", help="next contact date")
    p.add_argument("--worker", metavar="NAME", help="the worker who made the contact (coordinator: anyone)")
    p.add_argument("--clear", action="append", choices=CLEARABLE, help="empty this field (repeat for more)")

    p = command(
        "contact-delete", "delete a contact entered in error", cmd_contact_delete, json=True, check=_confirmed
    )
    p.add_argument("client")
    p.add_argument("contact", type=int, metavar="ID", help="the contact's id (see 'outreach contacts')")
    p.add_argument("--yes", action="store_true", help="confirm: a deleted contact cannot be recovered")


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
    given.update(safe=not args.unsafe, onward=[Onward(a, day) for a in args.onward])
    contacts.record_contact(vault, args.client, **given)
    return "Contact recorded."


def cmd_contacts(vault: Vault, args: Args) -> tuple[Any, str]:
    rows = [
        {k: v for k, v in asdict(c).items() if k != "notes"}
        for c in contacts.contacts_for(vault, args.client)
    ]

    def line(r: dict[str, Any]) -> str:
        review = (
            ("reviewed" if r["dash_score"] is None else f"DASH {r['dash_score']}") if r["risk_review"] else ""
        )
        onward = ", ".join(o["agency"] for o in r["onward"])
        return (
            f"{r['id']:>6}  {r['at'].replace('T', ' ')}  {r['type']:<23} {'safe' if r['safe'] else 'UNSAFE':<6}  "
            f"{r['worker']:<12} {review:<9} next {r['next_contact'] or '-':<10}  {onward}"
        ).rstrip()

    return rows, "\n".join(line(r) for r in rows) or "No contacts."


def _edits(args: Args) -> dict[str, Any]:
    changes = {k: v for k, v in vars(args).items() if k in contacts.EDITABLE}
    for name in getattr(args, "clear", ()):
        field, empty = CLEARABLE[name]
        changes[field] = empty
    return changes


def _edits_given(args: Args) -> str | None:
    both = [n for n in getattr(args, "clear", ()) if CLEARABLE[n][0] in vars(args)]
    if both:
        return f"--clear {both[0]} and a new {both[0]} together: choose one"
    return None if _edits(args) else "say what to correct (see --help)"


def cmd_contact_edit(vault: Vault, args: Args) -> tuple[Any, str]:
    changed = contacts.update_contact(vault, args.client, args.contact, **_edits(args))
    said = ", ".join(f.replace("_", " ") for f in changed)
    data = {"client": args.client.strip(), "contact": args.contact, "changed": changed}
    return data, f"Contact {args.contact} corrected: {said}." if changed else "Nothing to change."


def _confirmed(args: Args) -> None:
    if not getattr(args, "yes", False):
        raise UserError(
            "A deleted contact cannot be recovered.",
            "Check it with 'dv-forum outreach contacts CLIENT', then add --yes.",
        )


def cmd_contact_delete(vault: Vault, args: Args) -> tuple[Any, str]:
    contacts.delete_contact(vault, args.client, args.contact)
    data = {"client": args.client.strip(), "contact": args.contact, "deleted": True}
    return data, f"Contact {args.contact} deleted."
