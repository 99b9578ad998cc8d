"""Import templates: the header a file needs, and for a workbook a sheet explaining every column
(what it holds, the values allowed, an example, the other spellings read). The data sheet holds
only the header, so a template imported by mistake adds nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dv_forum import lists
from dv_forum.errors import UserError
from dv_forum.io.csv_safe import neutralise, write_csv

GUIDE_HEADER = ("column", "required", "what it holds", "values allowed", "example", "also read as")


def check_target(path: Path) -> None:
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise UserError("A template is written as .xlsx or .csv.", "Give a file name ending .xlsx or .csv.")
    if path.exists():
        raise UserError(f"{path.name} exists already.", "Give a new file name, or move the old one.")


def _allowed(conn: Any, kind: str, fallback: str) -> str:
    values = lists.get_list(conn, kind) if kind and conn is not None else []
    if not values:
        return fallback
    return "one of: " + "; ".join(values) + " (other spellings: dv-forum lists alias, or --map)"


def guide_rows(columns: Sequence[Any], conn: Any) -> list[list[str]]:
    """One row per column, list columns showing this vault's own values."""
    rows = []
    for c in columns:
        example = c.example
        if c.list_kind and conn is not None:
            values = lists.get_list(conn, c.list_kind)
            example = values[0] if values else ""
        allowed = _allowed(conn, c.list_kind, c.allowed)
        rows.append([c.name, "yes" if c.required else "", c.meaning, allowed, example, ", ".join(c.aliases)])
    return rows


def write_workbook(path: Path, sheet: str, columns: Sequence[Any], conn: Any, note: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    check_target(path)
    book = Workbook()
    data = book.active
    data.title = sheet
    data.append([c.name for c in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    guide = book.create_sheet("columns")
    guide.append(list(GUIDE_HEADER))
    for row in guide_rows(columns, conn):
        guide.append([neutralise(v) for v in row])
    guide.append([])
    guide.append([neutralise(note)])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (30, 9, 55, 60, 22, 40), strict=True):
        guide.column_dimensions[letter].width = width
    book.save(path)
    path.chmod(0o600)
    return path


def write(path: Path, sheet: str, columns: Sequence[Any], conn: Any, note: str) -> Path:
    if path.suffix.lower() == ".xlsx":
        return write_workbook(path, sheet, columns, conn, note)
    check_target(path)
    write_csv(path, [c.name for c in columns], [])
    return path


def write_referrals(path: Path, conn: Any) -> Path:
    from dv_forum.cases import import_spec

    note = (
        "Give victim_id, or the victim's surname, forename and dob (kept only as linkage keys, never "
        "stored). Headings may use any case, spaces or the other spellings listed. This sheet "
        "(columns) is not read."
    )
    return write(path, "referrals", import_spec.COLUMNS, conn, note)
