"""Reading an import file (CSV UTF-8, comma, semicolon or tab separated; or one sheet of an XLSX
workbook) as a header and rows of text, within the size limits, with a clear error for a file that
is not what it says."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dv_forum.errors import InputError, UserError
from dv_forum.io import file_limits


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


class SheetChoice(UserError):
    """A workbook with several sheets: which one to import is the person's choice."""

    def __init__(self, sheets: list[str]) -> None:
        super().__init__(
            f"The workbook has {len(sheets)} sheets: " + ", ".join(sheets) + ".",
            "Choose one with --sheet NAME.",
        )
        self.sheets = sheets


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon (Excel in many European locales) or tab, from the header line."""
    first = sample.splitlines()[0] if sample else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0 or best == ",":
        return csv.excel
    return csv.excel_tab if best == "\t" else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def read_table(path: Path, sheet: str | None = None) -> tuple[list[str], Iterator[list[str]], int]:
    """The header, the data rows (as text) and the number of data rows."""
    file_limits.check_file_size(path)
    try:
        if is_workbook(path):
            return _read_xlsx(path, sheet)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[list[str]] = []
            dialect = _dialect(fh.read(65536))
            fh.seek(0)
            try:
                rows.extend(csv.reader(fh, dialect))
            except csv.Error as exc:
                # Located, as in the stats importer: the data row the reader stopped on (e.g. a cell
                # over the csv module's field limit was reported without a place; S6 fuzz).
                where = f"row {len(rows)}" if rows else "header"
                raise InputError([f"{where}: not valid CSV ({exc})"], "The file") from None
    except UnicodeDecodeError:
        raise UserError("The file is not UTF-8 text.", "Save it as CSV UTF-8 and try again.") from None
    except csv.Error as exc:
        raise UserError(f"The file is not valid CSV ({exc}).", "Check its quoting.") from None
    except OSError as exc:
        raise UserError(f"Cannot read the file: {exc.strerror}.", "Check the path.") from None
    if not rows:
        raise UserError("The file is empty.", "Give a file with a header row.")
    return rows[0], iter(rows[1:]), len(rows) - 1


def _read_xlsx(path: Path, sheet_name: str | None) -> tuple[list[str], Iterator[list[str]], int]:
    from openpyxl import load_workbook

    file_limits.check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    try:
        # In read-only mode the sheet is parsed lazily, so a damaged sheet (bad CRC, broken XML) or
        # a workbook with no sheet fails here, not in load_workbook (found by the S6 fuzz).
        sheet = _sheet(book, sheet_name)
        rows = [[_cell(v) for v in r] for r in file_limits.bounded_rows(sheet)]
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - as above: zipfile, zlib, XML and openpyxl errors
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise UserError("The sheet is empty.", "Put the header in row 1.")
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    return header, iter(rows[1:]), len(rows) - 1


def _sheet(book: Any, name: str | None) -> Any:
    # A template's guide sheet ("columns") is never data.
    names = [n for n in book.sheetnames if n != "columns"] or list(book.sheetnames)
    if name is None:
        if len(names) > 1:
            raise SheetChoice(names)
        return book[names[0]]
    if name not in book.sheetnames:
        raise UserError(f"The workbook has no sheet called {name}.", "Its sheets: " + ", ".join(names) + ".")
    return book[name]
