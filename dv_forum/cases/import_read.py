"""Reading an import file (CSV UTF-8 or the first sheet of an XLSX workbook) as a header and rows
of text, within the size limits, with a clear error for a file that is not what it says."""

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


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]], int]:
    """The header, the data rows (as text) and the number of data rows."""
    file_limits.check_file_size(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[list[str]] = []
            try:
                rows.extend(csv.reader(fh))
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


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]], int]:
    from openpyxl import load_workbook

    file_limits.check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    try:
        # In read-only mode the sheet is parsed lazily, so a damaged sheet (bad CRC, broken XML) or
        # a workbook with no sheet fails here, not in load_workbook (found by the S6 fuzz).
        sheet = book.worksheets[0]
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
        raise UserError("The workbook's first sheet is empty.", "Put the header in row 1.")
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    return header, iter(rows[1:]), len(rows) - 1
