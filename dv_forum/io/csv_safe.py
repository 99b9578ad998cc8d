"""Spreadsheet-safe CSV output (formula-injection protection), written atomically.

A text cell that begins with = + - @, a tab or a carriage return could be run as a formula by Excel,
LibreOffice or Google Sheets. Such cells get a leading apostrophe, which spreadsheets show as text
and which a reader can still see and strip. Numbers are written as numbers: a negative number is
data, not a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from dv_forum.fsio import atomic_writer

Cell = str | int | float | None

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Cell) -> str | int | float:
    """The cell to write: numbers untouched, risky text prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(DANGEROUS_FIRST):
        return "'" + text
    return text


def to_csv_bytes(header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads accents) and CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(c) for c in header])
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def write_csv(path: Path, header: Sequence[Cell], rows: Iterable[Sequence[Cell]]) -> None:
    """Write the table to ``path`` atomically (0600, fsync, replace)."""
    data = to_csv_bytes(header, rows)
    with atomic_writer(Path(path)) as fh:
        fh.write(data)
