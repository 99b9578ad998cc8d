"""Chronologies and review holds: `cases chronology`, `cases hold|unhold|holds`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dv_forum.cases import chronology, review_hold
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.reports.chronology_pdf import write_chronology
from dv_forum.vault import Vault


def register(top: Commands) -> None:
    cases = top.group("cases", "case referrals")
    p = cases(
        "chronology",
        "every dated event for a case's victim (or perpetrator, or a person)",
        cmd_chronology,
        json=True,
        check=_one_subject,
    )
    p.add_argument("ref", nargs="?", metavar="REF", help="a case reference")
    p.add_argument("--perpetrator", action="store_true", help="the case's perpetrator instead of its victim")
    p.add_argument(
        "--person", type=int, metavar="ID", help="a person id (from `cases matches`) instead of REF"
    )
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="also write it as a marked PDF")
    p.add_argument("--for", dest="recipient", default="Case review", help="who the printed copy is for")
    p = cases("hold", "keep a case from the retention purge during a review", cmd_hold)
    p.add_argument("ref", metavar="REF")
    p.add_argument("--reason", required=True, help="which review (no names)")
    p = cases("unhold", "lift a review hold", cmd_unhold)
    p.add_argument("ref", metavar="REF")
    p.add_argument("--reason", required=True, help="why the hold is lifted")
    p = cases("holds", "review holds (current and lifted)", cmd_holds, json=True)
    p.add_argument("--current", action="store_true", help="only holds not yet lifted")


def _one_subject(args: Args) -> None:
    if (args.ref is None) == (args.person is None):
        raise UserError(
            "Give a case reference or --person ID (one of them).", "See `cases chronology --help`."
        )


def cmd_chronology(vault: Vault, args: Args) -> tuple[Any, str]:
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
    return data, "\n".join(lines)


def cmd_hold(vault: Vault, args: Args) -> str:
    review_hold.place(vault, args.ref, args.reason)
    return f"Case {args.ref} is on hold: the retention purge leaves it until the hold is lifted."


def cmd_unhold(vault: Vault, args: Args) -> str:
    review_hold.lift(vault, args.ref, args.reason)
    return f"The hold on case {args.ref} is lifted."


def cmd_holds(vault: Vault, args: Args) -> tuple[Any, str]:
    found = review_hold.holds(vault, current_only=args.current)
    text = "\n".join(
        f"{h.case_ref}  since {h.placed_on}: {h.reason}"
        + (f"  (lifted {h.lifted_on}: {h.lift_reason})" if h.lifted_on else "")
        for h in found
    )
    return {"holds": [h.to_dict() for h in found]}, text or "No review holds."
