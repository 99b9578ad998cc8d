"""Case commands: `cases list|show|matches|match-confirm|match-reject|recompute` and
`import referrals FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dv_forum.cases import case_list, importer, matches, referrals
from dv_forum.cases.household import child_line, perpetrator_line
from dv_forum.cases.recompute import recompute
from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.dates import parse_date
from dv_forum.errors import InputError
from dv_forum.vault import Perm

Sub = argparse._SubParsersAction  # type: ignore[type-arg]


SERIAL_REASON = (
    "Serial perpetrator: a perpetrator in this case was referred with a different victim within 12 months."
)


def _date(text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: Sub) -> None:  # type: ignore[type-arg]
    cases = group(sub, "cases", "case referrals")
    p = cases.add_parser("list", help="list referrals")
    p.add_argument("--repeat", action="store_true", help="only repeats")
    p.add_argument("--area", help="only this locality")
    p.add_argument("--from", dest="date_from", type=_date, metavar="D", help="referred on or after")
    p.add_argument("--to", dest="date_to", type=_date, metavar="D", help="referred on or before")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = cases.add_parser("show", help="show one referral")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = cases.add_parser("matches", help="possible matches waiting for review")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_matches)
    for name, fn, what in (
        ("match-confirm", cmd_confirm, "they are the same person"),
        ("match-reject", cmd_reject, "they are different people"),
    ):
        p = cases.add_parser(name, help=f"decide a possible match: {what}")
        p.add_argument("person_a", type=int)
        p.add_argument("person_b", type=int)
        p.set_defaults(handler=fn)
    p = cases.add_parser("recompute", help="recompute every repeat flag (after changing settings)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recompute)

    imp = group(sub, "import", "import data from files")
    p = imp.add_parser("referrals", help="import referrals from CSV or XLSX (all or nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--ignore-unknown", action="store_true", help="skip columns not listed in the help")
    p.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows; write the others to a rejects file"
    )
    p.add_argument(
        "--rejects",
        type=Path,
        metavar="FILE",
        help="where --skip-invalid writes rejected rows (default FILE.rejects.csv)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)


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


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    rows = case_list.list_cases(
        vault,
        repeat=True if args.repeat else None,
        area=args.area,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    text = "\n".join(_line(c) for c in rows) + f"\n{len(rows)} case(s)."
    ctx.emit({"cases": rows}, text.strip())
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    case = referrals.get(ctx.open_vault(), args.ref)
    case["repeat_reason"] = referrals.repeat_reason(case)
    case["serial_reason"] = SERIAL_REASON if case.get("serial_perp") else None
    shown = {k: v for k, v in case.items() if k != "id"}
    listed = {"child_records": child_line, "perpetrators": perpetrator_line}
    text = "\n".join(f"{k}: {v}" for k, v in shown.items() if v not in (None, "", []) and k not in listed)
    for key, line in listed.items():
        if shown.get(key):
            text += f"\n{key.replace('_', ' ')}:\n" + "\n".join(f"  {line(x)}" for x in shown[key])
    ctx.emit(shown, text)
    return 0


def cmd_matches(args: argparse.Namespace, ctx: Context) -> int:
    found = matches.offers(ctx.open_vault())
    text = (
        "\n".join(
            f"{m.kind} {m.person_a} ({', '.join(m.refs_a)}) ~ {m.person_b} ({', '.join(m.refs_b)}):"
            f" {m.reason}"
            for m in found
        )
        or "No possible matches to review."
    )
    ctx.emit({"matches": [m.to_dict() for m in found]}, text)
    return 0


def cmd_confirm(args: argparse.Namespace, ctx: Context) -> int:
    result = matches.confirm(ctx.open_vault(), args.person_a, args.person_b)
    print(f"Linked. Repeat flags recomputed ({result.changed} changed).")
    return 0


def cmd_reject(args: argparse.Namespace, ctx: Context) -> int:
    matches.reject(ctx.open_vault(), args.person_a, args.person_b)
    print("Recorded: not the same person.")
    return 0


def cmd_recompute(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    vault.require(Perm.EDIT_CASES)
    with vault.transaction() as conn:
        result = recompute(conn)
        vault.audit("cases.recompute", detail=f"{result.changed} changed")
    ctx.emit(
        {"total": result.total, "changed": result.changed},
        f"{result.total} referrals checked, {result.changed} flags changed.",
    )
    return 0


def _progress(stage: str, done: int, total: int) -> None:
    print(f"{stage} {done:,} of {total:,} rows", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    try:
        result = importer.import_referrals(
            vault,
            args.file,
            ignore_unknown=args.ignore_unknown,
            skip_invalid=args.skip_invalid,
            rejects_path=args.rejects,
            progress=_progress,
        )
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"dv-forum: the file was refused ({len(exc.problems)} problem(s)); nothing was "
            "imported. Correct it, or use --skip-invalid.",
            file=sys.stderr,
        )
        return 1
    text = f"Imported {result.imported} referral(s)."
    if result.rejected:
        text += f" {result.rejected} row(s) rejected, written to {result.rejects_file}."
    ctx.emit(
        {
            "imported": result.imported,
            "rejected": result.rejected,
            "rejects_file": str(result.rejects_file) if result.rejects_file else None,
        },
        text,
    )
    return 0
