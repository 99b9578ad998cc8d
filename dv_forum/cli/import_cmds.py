"""``import referrals FILE`` (or ``--template FILE``) and ``import meetings FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dv_forum.cases import import_spec, import_template, importer
from dv_forum.cli.commands import Args, Commands, Refused
from dv_forum.errors import InputError
from dv_forum.marac import meetings_import
from dv_forum.vault import Vault

Output = tuple[dict[str, Any], str]


def register(top: Commands) -> None:
    imports = top.group("import", "import data from files")
    p = imports(
        "referrals",
        "import referrals from CSV or XLSX (all or nothing)",
        cmd_import,
        json=True,
        check=_file_or_template,
        epilog=import_spec.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, nargs="?")
    p.add_argument("--template", type=Path, metavar="FILE", help="write a template (.xlsx or .csv) and stop")
    p.add_argument("--ignore-unknown", action="store_true", help="skip columns not listed below")
    p.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows; write the others to a rejects file"
    )
    p.add_argument(
        "--rejects",
        type=Path,
        metavar="FILE",
        help="where --skip-invalid writes rejected rows (default FILE.rejects.csv)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN:FROM=TO",
        help="read FROM as TO in a list column (area, referring_agency); repeat it for more",
    )
    p.add_argument("--remember", action="store_true", help="keep the --map choices for later files")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to import from a workbook with several")

    p = imports(
        "meetings",
        "import past MARAC meetings with attendance and actions (CSV or XLSX)",
        cmd_meetings,
        json=True,
        check=_file_or_template,
        epilog=meetings_import.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, nargs="?")
    p.add_argument("--template", type=Path, metavar="FILE", help="write a template (.xlsx or .csv) and stop")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to import from a workbook with several")


def _file_or_template(args: Args) -> str | None:
    if (args.file is None) == (args.template is None):
        return "give a FILE to import, or --template FILE to write a template"
    if args.template is not None:
        import_template.check_target(args.template)
    return None


def _progress(stage: str, done: int, total: int) -> None:
    print(f"{stage} {done:,} of {total:,} rows", file=sys.stderr, flush=True)


def cmd_import(vault: Vault, args: Args) -> Output:
    if args.template is not None:
        path = import_template.write_referrals(args.template, vault.conn)
        return {"template": str(path)}, f"Template written to {path}."
    try:
        result = importer.import_referrals(
            vault,
            args.file,
            ignore_unknown=args.ignore_unknown,
            skip_invalid=args.skip_invalid,
            rejects_path=args.rejects,
            progress=_progress,
            maps=args.map,
            remember=args.remember,
            sheet=args.sheet,
        )
    except InputError as exc:
        raise Refused(
            exc.problems,
            f"the file was refused ({len(exc.problems)} problem(s)); nothing was imported.",
            "Correct it as each line says, or use --skip-invalid to import the good rows.",
        ) from None
    text = f"Imported {result.imported} referral(s)."
    if result.rejected:
        text += f" {result.rejected} row(s) rejected, written to {result.rejects_file}."
    if result.remembered:
        text += f" {result.remembered} map(s) kept for later files."
    if result.folded:
        text += (
            f" {result.folded} row(s) were the same victim and perpetrator referred again before the "
            "hearing: recorded as further referring agencies of their case."
        )
    data = {
        "imported": result.imported,
        "rejected": result.rejected,
        "rejects_file": str(result.rejects_file) if result.rejects_file else None,
        "remembered": result.remembered,
        "further_referrals": result.folded,
    }
    return data, text


def cmd_meetings(vault: Vault, args: Args) -> Output:
    if args.template is not None:
        path = meetings_import.write_template(args.template)
        return {"template": str(path)}, f"Template written to {path}."
    try:
        done = meetings_import.import_meetings(vault, args.file, sheet=args.sheet)
    except InputError as exc:
        raise Refused(
            exc.problems,
            f"the file was refused ({len(exc.problems)} problem(s)); nothing was imported.",
            "Correct it as each line says and import it again.",
        ) from None
    return done.as_dict(), done.text()
