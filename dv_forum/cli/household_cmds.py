"""The household of a case: `cases children|child add|child remove` and
`cases perpetrators|perpetrator add|perpetrator remove`.

A perpetrator's identity is what the import takes (surname, forename and date of birth, or a
source-system id). Names never go on the command line, where shell history and the process list
would keep them: they come from a one-row CSV file (--identity-file, the import's column names) or
from prompts; only a source id may be given as --id.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from dv_forum.cases import household, household_service
from dv_forum.cases.fields import RELATIONSHIPS
from dv_forum.cases.household import child_line, perpetrator_line
from dv_forum.cases.linkage import Identity
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.vault import Vault

_PARTS = ("surname", "forename", "dob", "id")


def register(top: Commands) -> None:
    cmd = top.group("cases", "case referrals")
    p = cmd("children", "the children recorded for a case", run_children, json=True)
    p.add_argument("ref", metavar="REF")
    p = cmd("perpetrators", "the perpetrators recorded for a case", run_perpetrators, json=True)
    p.add_argument("ref", metavar="REF")

    kids = cmd.group("child", "add or remove a child record")
    p = kids(
        "add",
        "add a child (age or expected, relationships, children's social care)",
        run_child_add,
        json=True,
    )
    p.add_argument("ref", metavar="REF")
    age = p.add_mutually_exclusive_group(required=True)
    age.add_argument("--age", type=int, metavar="N", help="age in years, 0 to 17")
    age.add_argument("--expected", action="store_true", help="an expected child (pregnancy)")
    p.add_argument("--to-victim", required=True, choices=household.CHILD_TO_VICTIM)
    p.add_argument("--to-perpetrator", required=True, choices=household.CHILD_TO_PERPETRATOR)
    p.add_argument("--social-care", default="unknown", choices=("yes", "no", "unknown"))
    p = kids("remove", "remove child N (see `cases children REF`)", run_child_remove)
    p.add_argument("ref", metavar="REF")
    p.add_argument("n", type=int, metavar="N")

    perps = cmd.group("perpetrator", "add or remove a perpetrator")
    p = perps(
        "add", "add a perpetrator (identity from --id, --identity-file or prompts)", run_perp_add, json=True
    )
    p.add_argument("ref", metavar="REF")
    p.add_argument("--id", dest="source_id", metavar="ID", help="a source-system person id (no names here)")
    p.add_argument(
        "--identity-file",
        type=Path,
        metavar="FILE",
        help="CSV: a header and one row (perpetrator_surname, perpetrator_forename, perpetrator_dob, perpetrator_id)",
    )
    p.add_argument("--gender", choices=("F", "M", "X"), type=str.upper)
    p.add_argument("--age", type=int, metavar="N")
    p.add_argument("--under18", choices=("yes", "no"), help="when the age is not known")
    p.add_argument("--relationship", help=f"to the victim: {', '.join(RELATIONSHIPS)}")
    p = perps("remove", "remove further perpetrator N (2, 3, ...)", run_perp_remove)
    p.add_argument("ref", metavar="REF")
    p.add_argument("n", type=int, metavar="N")


def run_children(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    kids = household_service.children(vault, args.ref)
    text = "\n".join(child_line(c) for c in kids) or f"No child records for case {args.ref}."
    return {"case_ref": args.ref, "children": kids}, text


def run_perpetrators(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    found = household_service.perpetrators(vault, args.ref)
    text = "\n".join(perpetrator_line(p) for p in found) or f"No perpetrator recorded for case {args.ref}."
    return {"case_ref": args.ref, "perpetrators": found}, text


def _said(done: str, warnings: list[str]) -> str:
    return "\n".join([done, *(f"Warning: {w}" for w in warnings)])


def run_child_add(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    social = "not_known" if args.social_care == "unknown" else args.social_care
    new = household.child(None if args.expected else args.age, args.to_victim, args.to_perpetrator, social)
    warnings = household_service.add_child(vault, args.ref, new)
    n = len(household.children_of(vault.conn, _id(vault, args.ref)))
    return {"case_ref": args.ref, "n": n, "warnings": warnings}, _said(
        f"Child {n} added to case {args.ref}.", warnings
    )


def _id(vault: Vault, ref: str) -> int:
    return int(vault.conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (ref,)).fetchone()[0])


def run_child_remove(vault: Vault, args: Args) -> str:
    household_service.remove_child(vault, args.ref, args.n)
    return f"Child {args.n} removed from case {args.ref}."


def _identity(args: Args) -> Identity:
    if args.identity_file is not None:
        with args.identity_file.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        if len(rows) != 1:
            raise UserError("The identity file must hold a header and exactly one row.", "See `--help`.")
        row = {k.strip().lower().removeprefix("perpetrator_"): (v or "") for k, v in rows[0].items() if k}
        return Identity(
            row.get("surname", ""), row.get("forename", ""), row.get("dob", ""), row.get("id", "")
        )
    if args.source_id:
        return Identity(source_id=args.source_id)
    if sys.stdin is not None and sys.stdin.isatty():
        return Identity(input("Surname: "), input("Forename: "), input("Date of birth: "))
    raise UserError("No identity for the perpetrator.", "Give --id or --identity-file, or run in a terminal.")


def run_perp_add(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    identity = _identity(args)
    details = household.perpetrator(args.gender, args.age, args.under18, args.relationship, identity=identity)
    n, warnings = household_service.add_perpetrator(vault, args.ref, identity, details)
    return {"case_ref": args.ref, "n": n, "warnings": warnings}, _said(
        f"Perpetrator {n} added to case {args.ref}.", warnings
    )


def run_perp_remove(vault: Vault, args: Args) -> str:
    household_service.remove_perpetrator(vault, args.ref, args.n)
    return f"Perpetrator {args.n} removed from case {args.ref}."
