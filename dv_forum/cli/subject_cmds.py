"""Subject access and erasure by identity (``cases subject-access``, ``cases subject-erase``), and a
further referring agency of a case awaiting its hearing (``cases add-referrer``).
The identity (never stored) comes from a one-row CSV file or from prompts, never the command line."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from dv_forum.cases import subject_access
from dv_forum.cases.linkage import Identity
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.fsio import atomic_write
from dv_forum.reports.subject_access_pdf import subject_access_bytes
from dv_forum.vault import Vault

WHO = ("victim", "perpetrator")


def register(top: Commands) -> None:
    cases = top.group("cases", "case referrals")
    p = cases(
        "subject-access",
        "what is held about a person, as a marked PDF (identity never stored)",
        run_report,
        json=True,
    )
    _identity_options(p)
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="write the export here")
    p = cases("subject-erase", "erase what is held about a person, with a reason", run_erase, json=True)
    _identity_options(p)
    p.add_argument("--reason", required=True, help="why (no names, please)")
    p.add_argument("--yes", action="store_true", help="confirm the erasure")
    p = cases(
        "add-referrer",
        "record a further referring agency: the same victim and perpetrator referred again before the hearing",
        run_add_referrer,
        json=True,
    )
    p.add_argument("ref")
    p.add_argument("agency")
    p.add_argument("--date", required=True, type=_date, metavar="D", help="the further referral's date")


def _date(text: str) -> str:
    from dv_forum.dates import parse_date

    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError("not a date (use 2026-03-31 or 31/03/2026)") from None


def run_add_referrer(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    from dv_forum.cases.same_case import add_referrer

    done = add_referrer(vault, args.ref, args.agency, args.date)
    text = f"Case {args.ref} is now referred by: " + ", ".join(
        f"{r.agency} ({r.referral_date})" for r in done
    )
    return {"case_ref": args.ref, "further_referrers": [r.to_dict() for r in done]}, text


def _identity_options(p: Any) -> None:
    p.add_argument(
        "--identity-file",
        type=Path,
        metavar="FILE",
        help="CSV: a header and one row (surname, forename, dob, id)",
    )
    p.add_argument("--as", dest="requester", choices=WHO, required=True, help="who is asking")


def _identity(args: Args) -> Identity:
    if args.identity_file is not None:
        try:
            with args.identity_file.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as exc:
            raise UserError(f"Cannot read the identity file: {exc.strerror}.", "Check the path.") from None
        if len(rows) != 1:
            raise UserError("The identity file must hold a header and exactly one row.", "See `--help`.")
        row = {k.strip().lower().split("_")[-1]: (v or "") for k, v in rows[0].items() if k}
        return Identity(
            row.get("surname", ""), row.get("forename", ""), row.get("dob", ""), row.get("id", "")
        )
    if sys.stdin is not None and sys.stdin.isatty():
        return Identity(input("Surname: "), input("Forename: "), input("Date of birth: "))
    raise UserError("No identity given.", "Give --identity-file, or run in a terminal to be asked.")


def run_report(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    data = subject_access.report(vault, _identity(args), args.requester)
    text = f"{len(data['case_refs'])} case(s) hold this person as the {args.requester}."
    if args.out is not None:
        if args.out.suffix.lower() != ".pdf":
            raise UserError("The export must end in .pdf.", "For example --out subject-access.pdf")
        atomic_write(args.out, subject_access_bytes(vault.conn, data))
        text += f" Export written to {args.out}."
    return data, text


def run_erase(vault: Vault, args: Args) -> tuple[dict[str, Any], str]:
    if not args.yes:
        raise UserError("Erasure cannot be undone.", "Run it again with --yes to confirm.")
    refs = subject_access.erase(vault, _identity(args), args.requester, args.reason)
    if args.requester == "victim":
        text = f"Erased {len(refs)} case(s)."
    else:
        text = f"Removed the perpetrator from {len(refs)} case(s); the victims' records stay."
    return {"cases": refs, "requester": args.requester}, text
