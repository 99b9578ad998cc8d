"""Statistics commands: `stats repeat|return|incidents|breakdown|export|incident-count`,
`report strategy` and `import incidents`. Text output applies small-number suppression (as set);
--json never does."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, cast

from dv_forum.cli.commands import Args, Commands
from dv_forum.dates import parse_date
from dv_forum.errors import UserError
from dv_forum.stats import service
from dv_forum.stats.breakdowns import DIMENSIONS
from dv_forum.stats.display import Display
from dv_forum.stats.periods import QUARTER_HELP, Period, Unit, parse_half, parse_quarter
from dv_forum.stats.report_tables import (
    breakdown_table,
    incident_tables,
    repeat_table,
    safelives_tables,
)
from dv_forum.stats.tables import Table, format_text
from dv_forum.vault import Vault

# A text, or (data, text) for --json (text None when only JSON is wanted): see dv_forum.cli.commands.
Output = str | tuple[Any, str | None]


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


def register(top: Commands) -> None:
    stats = top.group("stats", "statistics: NI 32, CS 2, the SafeLives return, breakdowns")

    p = stats("repeat", "NI 32 repeat rate by month, quarter or year", cmd_repeat)
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

    p = stats("return", "the SafeLives quarterly MARAC data return (exact counts)", cmd_return)
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--csv", type=Path, metavar="FILE", help="also export the return as CSV")
    p.add_argument(
        "--publish",
        action="store_true",
        help="for publication: hold back small numbers (stats.suppress_style); what is submitted to "
        "SafeLives holds exact counts, the default",
    )
    _json(p)

    p = stats("incidents", "CS 2 reported incidents with change on last year", cmd_incidents)
    _range(p)
    _json(p)

    p = stats("incident-count", "enter or correct one month's CS 2 incident count", cmd_incident_count)
    p.add_argument("month", help="YYYY-MM")
    p.add_argument("count", type=int)
    p.add_argument("--area", default="", help="a locality (default: the whole district)")

    p = stats("breakdown", "cases by locality, agency, band, equality groups, children", cmd_breakdown)
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--by", default="locality", help=f"comma-separated: {', '.join(DIMENSIONS)}")
    p.add_argument("--trend", type=int, default=4, help="quarters shown, ending with --quarter (default 4)")
    _json(p)

    p = stats("export", "export the quarter's aggregate tables as CSV (suppressed, formula-safe)", cmd_export)
    p.add_argument("--quarter", required=True, type=_quarter, help=QUARTER_HELP)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv")

    p = top.group("report", "printable reports")(
        "strategy", "statistics report PDF: Strategy Group (quarter) or LSP (half year)", cmd_report_strategy
    )
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", type=_quarter, help=QUARTER_HELP)
    when.add_argument("--half", type=_half, help="for the LSP: YYYY-H1 (Apr-Sep) or YYYY-H2 (Oct-Mar)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--copy", default="", help="copy line printed on every page, e.g. 'Copy 2 of 9'")

    p = top.group("import", "import data from files")(
        "incidents", "import monthly CS 2 counts: CSV with month,count[,area]", cmd_import_incidents
    )
    p.add_argument("file", type=Path, metavar="FILE")


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


def _text(tables: list[Table], vault: Vault, note: bool = True, display: Display | None = None) -> str:
    display = display or service.rules(vault).display_rules()
    out = "\n\n".join(format_text(t, display) for t in tables)
    if note and display.suppress:
        out += "\n" + display.note() + " Use --json for exact figures."
    return out


def cmd_repeat(vault: Vault, args: Args) -> Output:
    _check_range(args.start, args.end)
    report = service.repeat(vault, args.start, args.end, cast(Unit, args.by), args.basis)
    return report.as_dict(), None if args.json else _text([repeat_table(report)], vault)


def cmd_return(vault: Vault, args: Args) -> Output:
    ret = service.safelives(vault, args.quarter)
    tables = safelives_tables(ret)
    # Exact unless published: the return sent to SafeLives must hold the real counts.
    display = replace(ret.rules.display_rules(), suppress=args.publish)
    if args.csv:
        service.export_tables(vault, args.csv, tables, f"safelives {args.quarter.label}", display)
    head = (
        "For publication: small numbers held back."
        if args.publish
        else "Exact counts, for submission to SafeLives (use --publish for a copy to publish)."
    )
    return ret.as_dict(), None if args.json else head + "\n\n" + _text(tables, vault, display=display)


def cmd_incidents(vault: Vault, args: Args) -> Output:
    _check_range(args.start, args.end)
    report = service.incidents(vault, args.start, args.end)
    return report.as_dict(), None if args.json else _text(incident_tables(report), vault)


def cmd_incident_count(vault: Vault, args: Args) -> Output:
    service.set_incident_count(vault, args.month, args.count, args.area)
    return f"Saved: {args.month}{' ' + args.area if args.area else ''} = {args.count}."


def _dimensions(text: str) -> list[str]:
    dims = [d.strip() for d in text.split(",") if d.strip()]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown or not dims:
        raise UserError(f"Unknown breakdown: {', '.join(unknown) or text}.", f"Use: {', '.join(DIMENSIONS)}.")
    return dims


def cmd_breakdown(vault: Vault, args: Args) -> Output:
    if not 1 <= args.trend <= 20:
        raise UserError("--trend must be between 1 and 20.")
    result = service.breakdowns(vault, args.quarter, _dimensions(args.by), args.trend)
    data = {"breakdowns": [b.as_dict() for b in result]}
    return data, None if args.json else _text([breakdown_table(b) for b in result], vault)


def cmd_export(vault: Vault, args: Args) -> Output:
    q: Period = args.quarter
    year_start = date(q.start.year if q.start.month >= 4 else q.start.year - 1, 4, 1)
    tables = [repeat_table(service.repeat(vault, year_start, q.end, "quarter"))]
    tables += safelives_tables(service.safelives(vault, q))
    tables += incident_tables(service.incidents(vault, q.start, q.end))
    tables += [breakdown_table(b) for b in service.breakdowns(vault, q, list(DIMENSIONS))]
    service.export_tables(vault, args.out, tables, f"statistics {q.label}")
    return f"Wrote {args.out} ({len(tables)} tables)."


def cmd_report_strategy(vault: Vault, args: Args) -> Output:
    period: Period = args.quarter or args.half
    audience = "Strategy Group" if args.quarter else "Local Strategic Partnership"  # see reports.strategy
    path = service.strategy_report(vault, period, args.out, audience, args.copy)
    return f"Wrote {path}."


def cmd_import_incidents(vault: Vault, args: Args) -> Output:
    n = service.import_incidents(vault, args.file)
    return f"Imported {n} monthly incident counts."
