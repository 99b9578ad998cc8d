"""MARAC-to-MARAC transfer commands: `transfer out|in|list|show`."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from dv_forum.cases import transfer, transfer_view
from dv_forum.cases.referrals import CaseNotFound
from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.marac.common import case_id
from dv_forum.vault import Perm, Vault

PASSWORD_ENV = "DV_FORUM_TRANSFER_PASSWORD"  # noqa: S105 (the variable's name, not a password)
# A text, or (data, text) for --json: see dv_forum.cli.commands.
Output = tuple[Any, str]


def register(top: Commands) -> None:
    tr = top.group("transfer", "MARAC-to-MARAC transfers")
    p = tr("out", "write an encrypted transfer for another MARAC and close the case here", cmd_out, json=True)
    p.add_argument("ref", metavar="REF")
    p.add_argument("--to", required=True, metavar="MARAC", help="the receiving MARAC")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="the transfer file to write")
    p.add_argument("--reason", help="why the case is closed here (default: transferred to MARAC)")
    p = tr(
        "in", f"import a transfer from another MARAC (password: prompt or ${PASSWORD_ENV})", cmd_in, json=True
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--same-perpetrator",
        choices=transfer.SAME_PERPETRATOR,
        default="yes",
        help="was the other MARAC's referral about the same perpetrator (only yes counts for repeats)",
    )
    tr("list", "cases transferred in or out", cmd_list, json=True)
    p = tr("show", "a transferred case: where from or to, and what came with it", cmd_show, json=True)
    p.add_argument("ref", metavar="REF")


def _password() -> str:
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Transfer password: ")
    raise UserError("No transfer password given.", f"Run in a terminal, or set {PASSWORD_ENV}.")


def cmd_out(vault: Vault, args: Args) -> Output:
    done = transfer.transfer_out(vault, args.ref, args.to, args.out, args.reason)
    return (
        {"file": str(done.file), "password": done.password, "case_ref": done.case_ref, "to": done.to_marac},
        f"Wrote {done.file.name} for {done.to_marac}; case {done.case_ref} is closed here.\n"
        f"Password (shown once, not stored; give it to the receiving MARAC separately): {done.password}",
    )


def cmd_in(vault: Vault, args: Args) -> Output:
    got = transfer.transfer_in(vault, args.file, _password(), args.same_perpetrator)
    repeat = " It is a repeat (the other MARAC's last referral is within the window)." if got.repeat else ""
    return (
        {
            "case_ref": got.case_ref,
            "from": got.from_marac,
            "their_ref": got.their_ref,
            "previous_marac_date": got.previous_marac_date,
            "same_perpetrator": got.same_perpetrator,
            "repeat": got.repeat,
        },
        f"Added case {got.case_ref}, transferred in from {got.from_marac} (their {got.their_ref}).{repeat}",
    )


def cmd_list(vault: Vault, args: Args) -> Output:
    vault.require(Perm.VIEW_CASES)
    with vault.transaction() as conn:
        rows = [{"case_ref": ref} | info for ref, info in sorted(transfer_view.by_case_ref(conn).items())]
        vault.audit("case.transfer_list", detail=f"{len(rows)} transfers")
    text = "\n".join(f"{r['case_ref']}  {r['text']}" for r in rows) or "No transfers."
    return {"transfers": rows}, text


def cmd_show(vault: Vault, args: Args) -> Output:
    vault.require(Perm.VIEW_CASES)
    with vault.transaction() as conn:
        try:
            rid = case_id(conn, args.ref)
        except UserError:
            raise CaseNotFound(args.ref) from None
        info = transfer_view.by_referral(conn, [rid]).get(rid)
        if info is None:
            raise UserError(f"Case {args.ref} was not transferred.", "See `dv-forum transfer list`.")
        history = transfer_view.received_history(conn, rid) or {}
        vault.audit("case.view", ref=args.ref, detail="transfer")
    data = {"case_ref": args.ref, **info, "received": history}
    lines = [f"{args.ref}: {info['text']}"]
    for r in history.get("referrals", []):
        lines.append(f"  referral {r['case_ref']} {r['referral_date']} heard {r['heard_date'] or '-'}")
    for m in history.get("minutes", []):
        lines.append(f"  minutes {m['meeting_date']}: {m['information']}")
    for a in history.get("actions", []):
        lines.append(f"  action {a['meeting_date']} {a['agency']}: {a['description']} ({a['status']})")
    return data, "\n".join(lines)
