"""Bounds on files read for import (S24): a hostile file is refused early with a clear message.

A workbook is a zip archive: its declared (uncompressed) sizes are checked before anything is
unpacked, and zipfile never hands out more bytes than declared, so a deflate bomb cannot get past
the cap; the sheet's own declared dimensions are ignored and rows and columns are capped while
reading.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dv_forum.errors import UserError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_ROWS = 100_000
MAX_COLUMNS = 200

_SPLIT = "Split the file into smaller ones (at most {rows:,} rows each) and import them one by one."


def too_large(what: str) -> UserError:
    return UserError(f"The file is too large to import safely: {what}.", _SPLIT.format(rows=MAX_ROWS))


def check_file_size(path: Path) -> None:
    """Refuse a file over the import size cap before reading it (CSV and XLSX alike)."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing file in its own words
    if size > MAX_FILE_BYTES:
        raise too_large(f"{size // 2**20} MB (at most {MAX_FILE_BYTES // 2**20} MB)")


def check_workbook(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to more than the cap."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    if len(members) > MAX_MEMBERS:
        raise too_large(f"{len(members)} parts in the workbook")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise too_large(f"it unpacks to {unpacked // 2**20} MB (at most {MAX_UNPACKED_BYTES // 2**20} MB)")


def bounded_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values, ignoring its declared size; refused past MAX_ROWS rows."""
    sheet.reset_dimensions()
    for count, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        if count > MAX_ROWS + 1:
            raise too_large(f"more than {MAX_ROWS:,} rows")
        yield row
