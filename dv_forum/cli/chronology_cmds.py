"""Chronologies and review holds: `cases chronology`, `cases hold|unhold|holds`."""

from __future__ import annotations

import argparse
from pathlib import Path

from dv_forum.cases import chronology, review_hold
from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.reports.chronology_pdf import write_chronology


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cases = group(sub, "cases", "case referrals")
    p = cases.add_parser(
        "chronology", help="every dated event for a case's victim (or perpetrator, or a person)"
    )
    p.add_argument("ref", nargs="?", metavar="REF", help="a case reference")
    p.add_argument("--perpetrator", action="store_true", help="the case's perpetrator instead of its victim")
    p.add_argument(
        "--person", type=int, metavar="ID", help="a person id (from `cases matches`) instead of REF"
    )
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="also write it as a marked PDF")
    p.add_argument("--for", dest="recipient", default="Case review", help="who the printed copy is for")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_chronology)
    p = cases.add_parser("hold", help="keep a case from the retention purge during a review")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--reason", required=True, help="which review (no names)")
    p.set_defaults(handler=cmd_hold)
    p = cases.add_parser("unhold", help="lift a review hold")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--reason", required=True, help="why the hold is lifted")
    p.set_defaults(handler=cmd_unhold)
    p = cases.add_parser("holds", help="review holds (current and lifted)")
    p.add_argument("--current", action="store_true", help="only holds not yet lifted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_holds)


def cmd_chronology(args: argparse.Namespace, ctx: Context) -> int:
    if (args.ref is None) == (args.person is None):
        raise UserError(
            "Give a case reference or --person ID (one of them).", "See `cases chronology --help`."
        )
    vault = ctx.open_vault()
    if args.person is not None:
        chron = chronology.for_person(vault, args.person)
    else:
        chron = chronology.for_case(vault, args.ref, "perpetrator" if args.perpetrator else "victim")
    lines = [chron.subject] + [f"{e.date}  {e.case_ref}  {e.kind:<9} {e.what}" for e in chron.entries]
    data = chron.to_dict()
    if args.out:
        write_chronology(vault.conn, chron, args.out, args.recipient)
        lines.append(f"Wrote {args.out.name} ({len(chron.entries)} entries).")
        data["file"] = str(args.out)
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_hold(args: argparse.Namespace, ctx: Context) -> int:
    review_hold.place(ctx.open_vault(), args.ref, args.reason)
    print(f"Case {args.ref} is on hold: the retention purge leaves it until the hold is lifted.")
    return 0


def cmd_unhold(args: argparse.Namespace, ctx: Context) -> int:
    review_hold.lift(ctx.open_vault(), args.ref, args.reason)
    print(f"The hold on case {args.ref} is lifted.")
    return 0


def cmd_holds(args: argparse.Namespace, ctx: Context) -> int:
    found = review_hold.holds(ctx.open_vault(), current_only=args.current)
    text = "\n".join(
        f"{h.case_ref}  since {h.placed_on}: {h.reason}"
        + (f"  (lifted {h.lifted_on}: {h.lift_reason})" if h.lifted_on else "")
        for h in found
    )
    ctx.emit({"holds": [h.to_dict() for h in found]}, text or "No review holds.")
    return 0
