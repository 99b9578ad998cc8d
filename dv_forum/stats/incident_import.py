"""Importing monthly CS 2 incident counts from a CSV file: all rows or none.

Columns (header row required, any order, case-insensitive): ``month`` (YYYY-MM), ``count``, and
optionally ``area`` (blank = the whole district). Every problem is reported as row/column/reason;
if there is any, nothing is written.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dv_forum.errors import InputError, UserError
from dv_forum.stats.incidents import check_area, check_count, check_month, set_count
from dv_forum.vault.db import Connection

MAX_BYTES = 2_000_000
MAX_ROWS = 20_000
COLUMNS = ("month", "count", "area")

Row = tuple[str, str, int]  # month, area, count


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise InputError([f"the file is larger than {MAX_BYTES // 1_000_000} MB"], "The incident file")
    if b"\x00" in data:
        raise InputError(["the file holds binary data, not CSV text"], "The incident file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(["the file is not UTF-8 text (save it as CSV UTF-8)"], "The incident file") from None


def _header(first: list[str]) -> tuple[dict[str, int], list[str]]:
    problems: list[str] = []
    index: dict[str, int] = {}
    for pos, raw in enumerate(first):
        name = raw.strip().lower()
        if name not in COLUMNS:
            problems.append(f"row 1, column {pos + 1}: unknown column (expected month, count, area)")
        elif name in index:
            problems.append(f"row 1, column {pos + 1}: column {name} appears twice")
        else:
            index[name] = pos
    for needed in ("month", "count"):
        if needed not in index:
            problems.append(f"row 1: the {needed} column is missing")
    return index, problems


def parse_incidents(data: bytes) -> list[Row]:
    """The rows of an incident CSV, or InputError listing every problem found."""
    text = _text(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        # Located: the line the reader stopped on (e.g. a cell over the csv module's field limit).
        problem = f"row {reader.line_num}: not valid CSV ({exc})"
        raise InputError([problem], "The incident file") from None
    if not records:
        raise InputError(["the file is empty"], "The incident file")
    if len(records) > MAX_ROWS + 1:
        raise InputError([f"more than {MAX_ROWS:,} rows"], "The incident file")
    index, problems = _header(records[0])
    if problems:
        raise InputError(problems, "The incident file")
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines are harmless
        if len(record) != len(records[0]):
            problems.append(f"row {number}: {len(record)} cells where the header has {len(records[0])}")
            continue
        cells = {name: record[pos] for name, pos in index.items()}
        try:
            month = check_month(cells["month"].strip())
        except ValueError as exc:
            problems.append(f"row {number}, column month: {exc}")
            continue
        try:
            area = check_area(cells.get("area", ""))
            count = check_count(cells["count"])
        except ValueError as exc:
            column = "count" if "count" in str(exc) else "area"
            problems.append(f"row {number}, column {column}: {exc}")
            continue
        key = (month, area.lower())
        if key in seen:
            problems.append(f"row {number}: the same month and area as row {seen[key]}")
            continue
        seen[key] = number
        rows.append((month, area, count))
    if problems:
        raise InputError(problems, "The incident file")
    if not rows:
        raise InputError(["no data rows"], "The incident file")
    return rows


def read_file(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.", "Check the file name.") from None


def store(conn: Connection, rows: list[Row]) -> int:
    """Write parsed rows (replacing counts already held for the same month and area).

    Run inside the caller's transaction so that the import is all-or-nothing."""
    for month, area, count in rows:
        set_count(conn, month, count, area)
    return len(rows)
