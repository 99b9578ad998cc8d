"""Aggregate tables shared by the text output, the CSV export and the report PDF.

Cells keep their raw numbers (Count, Pct, Num) so each output applies the display rules itself:
small-number suppression and whole-number display happen at rendering, never in the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dv_forum.io.csv_safe import write_csv
from dv_forum.stats.display import SUPPRESSED_PCT, Display, whole_percent


@dataclass(frozen=True)
class Count:
    n: int


@dataclass(frozen=True)
class Pct:
    num: int
    den: int


@dataclass(frozen=True)
class Num:
    value: float | None


@dataclass(frozen=True)
class Change:
    now: int
    before: int
    complete: bool = True  # both periods have every month of data


Cell = Count | Pct | Num | Change | str | None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    def text_rows(self, display: Display) -> list[list[str]]:
        return [[render(c, display) for c in row] for row in self.rows]

    def csv_rows(self, display: Display) -> list[list[str | int | float | None]]:
        return [[csv_value(c, display) for c in row] for row in self.rows]


def render(cell: Cell, display: Display) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, Count):
        return display.count(cell.n)
    if isinstance(cell, Pct):
        return display.percent(cell.num, cell.den)
    if isinstance(cell, Num):
        return display.number(cell.value)
    if isinstance(cell, Change):
        return display.change(cell.now, cell.before) if cell.complete else "n/a"
    return cell


def csv_value(cell: Cell, display: Display) -> str | int | float | None:
    """Numbers stay numbers in a spreadsheet; suppressed ones become the "<5" (or "5 or under") and
    "*" markers."""
    if isinstance(cell, Count):
        return display.marker if display.small(cell.n) else cell.n
    if isinstance(cell, Pct):
        if not cell.den:
            return None
        if display.small(cell.num):
            return SUPPRESSED_PCT
        return whole_percent(cell.num, cell.den, display.mode).rstrip("%")
    if isinstance(cell, Num):
        return cell.value
    if isinstance(cell, Change):
        if not cell.complete:
            return None
        if display.small(cell.now) or display.small(cell.before):
            return SUPPRESSED_PCT
        return cell.now - cell.before
    return cell


def format_text(table: Table, display: Display) -> str:
    """A plain fixed-width table for the terminal."""
    body = table.text_rows(display)
    widths = [len(c) for c in table.columns]
    for row in body:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    out = [table.title, line(table.columns), line(["-" * w for w in widths])]
    out += [line(row) for row in body]
    if table.note:
        out.append(table.note)
    return "\n".join(out)


def export_csv(path: Path, tables: Sequence[Table], display: Display) -> None:
    """Write one or more tables to a CSV file (each with a title row and a blank line between)."""
    rows: list[Sequence[str | int | float | None]] = []
    for i, table in enumerate(tables):
        if i:
            rows.append([])
        rows.append([table.title])
        rows.append(list(table.columns))
        rows.extend(table.csv_rows(display))
        if table.note:
            rows.append([table.note])
    header, *rest = rows
    write_csv(path, header, rest)
