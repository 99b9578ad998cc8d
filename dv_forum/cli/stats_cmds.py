"""Statistics commands: `stats repeat|return|incidents|breakdown|export|incident-count`,
`report strategy` and `import incidents`. Text output applies small-number suppression (as set);
--json never does."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import cast

from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.dates import parse_date
from dv_forum.errors import UserError
from dv_forum.stats import service
from dv_forum.stats.breakdowns import DIMENSIONS
from dv_forum.stats.display import SUPPRESSION_NOTE
from dv_forum.stats.periods import QUARTER_HELP, Period, Unit, parse_half, parse_quarter
from dv_forum.stats.report_tables import (
    breakdown_table,
    incident_tables,
    repeat_table,
    safelives_tables,
)
from dv_forum.stats.tables import Table, format_text

Sub = argparse._SubParsersAction  # type: ignore[type-arg]


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _range(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        required=True,
        metavar="DATE",
        help="first day (2024-04-01 or 01/04/2024)",
    )
    p.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE", help="last day, inclusive")


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="exact figures as JSON (never suppressed or rounded)")


def register(sub: Sub) -> None:  # type: ignore[type-arg]
    stats = group(sub, "stats", "statistics: NI 32, CS 2, the SafeLives return, breakdowns")

    p = stats.add_parser("repeat", help="NI 32 repeat rate by month, quarter or year")
    _range(p)
    p.add_argument(
        "--by",
        choices=("month", "quarter", "year"),
        default="quarter",
        help="calendar months, or financial quarters (Apr-Jun ...) / years (Apr-Mar); "
        "only whole units inside the range are listed, the total covers the range",
    )
    p.add_argument(
        "--basis",
        choices=("heard", "referred"),
        default=None,
        help="cases heard at MARAC in the period, or referrals received (default: stats.basis)",
    )
    _json(p)
    p.set_defaults(handler=cmd_repeat)

    p = stats.add_parser("return", help="the SafeLives quarterly MARAC data return")
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--csv", type=Path, metavar="FILE", help="also export the return as CSV")
    _json(p)
    p.set_defaults(handler=cmd_return)

    p = stats.add_parser("incidents", help="CS 2 reported incidents with change on last year")
    _range(p)
    _json(p)
    p.set_defaults(handler=cmd_incidents)

    p = stats.add_parser("incident-count", help="enter or correct one month's CS 2 incident count")
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("count", type=int)
    p.add_argument("--area", default="", help="a locality (default: the whole district)")
    p.set_defaults(handler=cmd_incident_count)

    p = stats.add_parser("breakdown", help="cases by locality, agency, band, equality groups, children")
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--by", default="locality", help=f"comma-separated: {', '.join(DIMENSIONS)}")
    p.add_argument("--trend", type=int, default=4, help="quarters shown, ending with --quarter (default 4)")
    _json(p)
    p.set_defaults(handler=cmd_breakdown)

    p = stats.add_parser(
        "export", help="export the quarter's aggregate tables as CSV (suppressed, formula-safe)"
    )
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    p.set_defaults(handler=cmd_export)

    report = group(sub, "report", "printable reports")
    p = report.add_parser(
        "strategy", help="statistics report PDF: Strategy Group (quarter) or LSP (half year)"
    )
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", type=_quarter, help=QUARTER_HELP)
    when.add_argument("--half", type=_half, help="for the LSP: YYYY-H1 (Apr-Sep) or YYYY-H2 (Oct-Mar)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--copy", default="", help="copy line printed on every page, e.g. 'Copy 2 of 9'")
    p.set_defaults(handler=cmd_report_strategy)

    imp = group(sub, "import", "import data from files")
    p = imp.add_parser("incidents", help="import monthly CS 2 counts: CSV with month,count[,area]")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import_incidents)


def _quarter(text: str) -> Period:
    try:
        return parse_quarter(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _half(text: str) -> Period:
    try:
        return parse_half(text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise UserError("--to is before --from.", "Give the first day, then the last day.")


def _text(tables: list[Table], ctx: Context, note: bool = True) -> str:
    vault = ctx.open_vault()
    display = service.rules(vault).display_rules()
    out = "\n\n".join(format_text(t, display) for t in tables)
    if note and display.suppress:
        out += "\n" + SUPPRESSION_NOTE + " Use --json for exact figures."
    return out


def cmd_repeat(args: argparse.Namespace, ctx: Context) -> int:
    _check_range(args.start, args.end)
    report = service.repeat(ctx.open_vault(), args.start, args.end, cast(Unit, args.by), args.basis)
    ctx.emit(report.as_dict(), None if args.json else _text([repeat_table(report)], ctx))
    return 0


def cmd_return(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    ret = service.safelives(vault, args.quarter)
    tables = safelives_tables(ret)
    if args.csv:
        service.export_tables(vault, args.csv, tables, f"safelives {args.quarter.label}")
    ctx.emit(ret.as_dict(), None if args.json else _text(tables, ctx))
    return 0


def cmd_incidents(args: argparse.Namespace, ctx: Context) -> int:
    _check_range(args.start, args.end)
    report = service.incidents(ctx.open_vault(), args.start, args.end)
    ctx.emit(report.as_dict(), None if args.json else _text(incident_tables(report), ctx))
    return 0


def cmd_incident_count(args: argparse.Namespace, ctx: Context) -> int:
    service.set_incident_count(ctx.open_vault(), args.month, args.count, args.area)
    print(f"Saved: {args.month}{' ' + args.area if args.area else ''} = {args.count}.")
    return 0


def _dimensions(text: str) -> list[str]:
    dims = [d.strip() for d in text.split(",") if d.strip()]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown or not dims:
        raise UserError(f"Unknown breakdown: {', '.join(unknown) or text}.", f"Use: {', '.join(DIMENSIONS)}.")
    return dims


def cmd_breakdown(args: argparse.Namespace, ctx: Context) -> int:
    if not 1 <= args.trend <= 20:
        raise UserError("--trend must be between 1 and 20.")
    result = service.breakdowns(ctx.open_vault(), args.quarter, _dimensions(args.by), args.trend)
    data = {"breakdowns": [b.as_dict() for b in result]}
    ctx.emit(data, None if args.json else _text([breakdown_table(b) for b in result], ctx))
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    q: Period = args.quarter
    year_start = date(q.start.year if q.start.month >= 4 else q.start.year - 1, 4, 1)
    tables = [repeat_table(service.repeat(vault, year_start, q.end, "quarter"))]
    tables += safelives_tables(service.safelives(vault, q))
    tables += incident_tables(service.incidents(vault, q.start, q.end))
    tables += [breakdown_table(b) for b in service.breakdowns(vault, q, list(DIMENSIONS))]
    service.export_tables(vault, args.out, tables, f"statistics {q.label}")
    print(f"Wrote {args.out} ({len(tables)} tables).")
    return 0


def cmd_report_strategy(args: argparse.Namespace, ctx: Context) -> int:
    period: Period = args.quarter or args.half
    audience = "Strategy Group" if args.quarter else "Local Strategic Partnership"  # see reports.strategy
    path = service.strategy_report(ctx.open_vault(), period, args.out, audience, args.copy)
    print(f"Wrote {path}.")
    return 0


def cmd_import_incidents(args: argparse.Namespace, ctx: Context) -> int:
    n = service.import_incidents(ctx.open_vault(), args.file)
    print(f"Imported {n} monthly incident counts.")
    return 0
