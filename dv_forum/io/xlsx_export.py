"""A list as it is shown, written to an Excel workbook: formula-safe, marked, 0600 and atomic.

Row 1 holds the protective marking, row 2 the column titles, then the rows; the marking is also in
every printed page's header and footer. Every text cell goes through csv_safe.neutralise, so a
value starting with = + - @ is text, never a formula. Written in openpyxl's write-only mode (a
100,000-row case list streams rather than building every cell in memory) into
fsio.atomic_writer: the file is 0600 before any byte is written and appears only when complete;
openpyxl's own staging file is kept in that folder too, never in the shared temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dv_forum.errors import UserError
from dv_forum.fsio import atomic_writer
from dv_forum.io.csv_safe import Cell, neutralise

SUFFIX = ".xlsx"
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped rather than failing the export.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def with_suffix(path: Path) -> Path:
    """``path`` ending in .xlsx (a name typed without it gets it)."""
    path = Path(path)
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def safe_cell(value: Cell) -> str | int | float:
    """The value to store: numbers as numbers, text neutralised and stripped of XML-illegal
    control characters."""
    cell = neutralise(value)
    if isinstance(cell, str):
        return _ILLEGAL.sub("", cell)
    return cell


def _header_text(marking: str) -> str:
    # & starts a code in Excel's header language (&P page, &D date): a literal one is doubled.
    return _ILLEGAL.sub("", marking).replace("&", "&&")


def _sheet_title(title: str) -> str:
    return (_SHEET_NAME_BAD.sub(" ", title).strip() or "List")[:31]


def _mark_pages(sheet: Any, marking: str) -> None:
    text = _header_text(marking)
    for part in (sheet.oddHeader.center, sheet.oddFooter.center):
        part.text = text
        part.font = "Calibri,Bold"
    sheet.print_title_rows = "1:2"  # marking and column titles on every printed page


@contextlib.contextmanager
def _staged_beside(sheet: Any, folder: Path) -> Iterator[None]:
    """openpyxl stages a sheet's XML in a file in the system's temporary folder, where case data
    would sit in plain text outside the folder the user chose. Stage it beside the target instead
    (0600 from the start, as mkstemp makes it) and remove it whatever happens."""
    from openpyxl.worksheet import _writer

    fd, name = tempfile.mkstemp(prefix=".xlsx-", suffix=".xml", dir=folder)
    os.close(fd)
    _writer.ALL_TEMP_FILES.append(name)  # openpyxl removes it after saving (and at exit)
    sheet._writer = _writer.WorksheetWriter(sheet, out=name)
    sheet._writer.write_top()
    try:
        yield
    finally:
        for stream in (sheet._rows, sheet._writer.xf):  # left open by a save that failed
            with contextlib.suppress(Exception):
                stream.close()
        Path(name).unlink(missing_ok=True)
        with contextlib.suppress(ValueError):
            _writer.ALL_TEMP_FILES.remove(name)


_ISO_DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def write_xlsx(
    path: Path,
    title: str,
    marking: str,
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
) -> int:
    """Write one sheet named ``title`` to ``path`` (atomically, 0600); returns the data rows
    written. ``marking`` is the protective marking (row 1, page header and footer)."""
    from openpyxl import Workbook  # loads only when a workbook is written

    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.", "Choose an existing folder.")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A3"  # marking and titles stay in view (written with the sheet's top)
    with _staged_beside(sheet, path.parent):
        _fill(sheet, marking, header, rows)
        with atomic_writer(path) as fh:
            book.save(fh)
    return len(rows)


def _fill(sheet: Any, marking: str, header: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    _mark_pages(sheet, marking)
    bold = Font(bold=True)

    def strong(value: Cell) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.font = bold
        return cell

    def day(value: str) -> WriteOnlyCell:
        # A real date, shown day-first as the app shows it, so Excel sorts and filters it as one.
        cell = WriteOnlyCell(sheet, value=date.fromisoformat(value))
        cell.number_format = "DD/MM/YYYY"
        return cell

    sheet.append([strong(marking)])
    sheet.append([strong(h) for h in header])
    for row in rows:
        sheet.append([day(v) if isinstance(v, str) and _ISO_DAY.match(v) else safe_cell(v) for v in row])
