"""Case commands: `cases list|show|matches|match-confirm|match-reject|recompute` and
`import referrals FILE`."""

from __future__ import annotations

import argparse
from typing import Any

from dv_forum.cases import case_list, matches, referrals, review
from dv_forum.cases.household import child_line, perpetrator_line
from dv_forum.cases.recompute import recompute
from dv_forum.cli.commands import Args, Commands
from dv_forum.dates import parse_date
from dv_forum.vault import Perm, Vault

# A text, or (data, text) for --json: see dv_forum.cli.commands.
Output = str | tuple[Any, str]

SERIAL_REASON = (
    "Serial perpetrator: a perpetrator in this case was referred with a different victim within 12 months."
)


def _date(text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(top: Commands) -> None:
    cases = top.group("cases", "case referrals")
    p = cases("list", "list referrals", cmd_list, json=True)
    p.add_argument("--repeat", action="store_true", help="only repeats")
    p.add_argument("--area", help="only this locality")
    p.add_argument("--from", dest="date_from", type=_date, metavar="D", help="referred on or after")
    p.add_argument("--to", dest="date_to", type=_date, metavar="D", help="referred on or before")
    p = cases("show", "show one referral", cmd_show, json=True)
    p.add_argument("ref")
    cases(
        "review",
        "open cases to look at: the referrer disagrees, or a previous MARAC is unclear",
        cmd_review,
        json=True,
    )
    cases("matches", "possible matches waiting for review", cmd_matches, json=True)
    for name, fn, what in (
        ("match-confirm", cmd_confirm, "they are the same person"),
        ("match-reject", cmd_reject, "they are different people"),
    ):
        p = cases(name, f"decide a possible match: {what}", fn)
        p.add_argument(
            "person_a", metavar="CASE_A", help="a case reference of one side (or its person number)"
        )
        p.add_argument(
            "person_b", metavar="CASE_B", help="a case reference of the other side (or its person number)"
        )
    cases("recompute", "recompute every repeat flag (after changing settings)", cmd_recompute, json=True)


def _line(c: dict[str, object]) -> str:
    rep = f"repeat of {c['previous_referral'] or c['previous_marac_elsewhere']}" if c["repeat"] else ""
    return "  ".join(
        str(x)
        for x in (
            c["case_ref"],
            c["referral_date"],
            c["heard_date"] or "-",
            c["area"] or "-",
            c["risk_band"] or "-",
            rep,
            "serial perpetrator" if c.get("serial_perp") else "",
            c.get("transfer") or "",
        )
    ).rstrip()


def cmd_list(vault: Vault, args: Args) -> Output:
    rows = case_list.list_cases(
        vault,
        repeat=True if args.repeat else None,
        area=args.area,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    text = "\n".join(_line(c) for c in rows) + f"\n{len(rows)} case(s)."
    return {"cases": rows}, text.strip()


def cmd_show(vault: Vault, args: Args) -> Output:
    case = referrals.get(vault, args.ref)
    case["repeat_reason"] = referrals.repeat_reason(case)
    case["serial_reason"] = SERIAL_REASON if case.get("serial_perp") else None
    case["review"] = review.reasons(case) or None
    shown = {k: v for k, v in case.items() if k != "id"}
    listed = {"child_records": child_line, "perpetrators": perpetrator_line}
    text = "\n".join(f"{k}: {v}" for k, v in shown.items() if v not in (None, "", []) and k not in listed)
    for key, line in listed.items():
        if shown.get(key):
            text += f"\n{key.replace('_', ' ')}:\n" + "\n".join(f"  {line(x)}" for x in shown[key])
    return shown, text


def cmd_review(vault: Vault, args: Args) -> Output:
    found = review.for_review(vault)
    text = "\n".join(f"{c['case_ref']}  {c['referral_date']}  {'; '.join(c['reasons'])}" for c in found)
    return {"cases": found}, text or "No cases to review."


def cmd_matches(vault: Vault, args: Args) -> Output:
    found = matches.offers(vault)
    text = (
        "\n".join(
            f"{m.kind}: {', '.join(m.refs_a)} ~ {', '.join(m.refs_b)} (persons {m.person_a}, {m.person_b}):"
            f" {m.reason}"
            for m in found
        )
        or "No possible matches to review."
    )
    return {"matches": [m.to_dict() for m in found]}, text


def cmd_confirm(vault: Vault, args: Args) -> Output:
    result = matches.confirm(vault, *matches.pair_of(vault, args.person_a, args.person_b))
    return f"Linked. Repeat flags recomputed ({result.changed} changed)."


def cmd_reject(vault: Vault, args: Args) -> Output:
    matches.reject(vault, *matches.pair_of(vault, args.person_a, args.person_b))
    return "Recorded: not the same person."


def cmd_recompute(vault: Vault, args: Args) -> Output:
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        result = recompute(conn)
        vault.audit("cases.recompute", detail=f"{result.changed} changed")
    return (
        {"total": result.total, "changed": result.changed},
        f"{result.total} referrals checked, {result.changed} flags changed.",
    )
