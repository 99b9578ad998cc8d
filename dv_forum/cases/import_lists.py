"""List columns of an import (area, referring_agency): values matched to the partnership's lists,
through the file's own maps (--map) and the aliases stored before; unknown values reported once per
value with both ways forward.

A list value is a category, not case data, so a message may show it; a value that looks like it
could be something else typed into the wrong column (long, or holding digits) is not shown.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from dv_forum import lists
from dv_forum.cases import import_spec
from dv_forum.cases.import_columns import Checked
from dv_forum.cases.import_header import FIRST_ROW
from dv_forum.district.lists_edit import store_alias
from dv_forum.errors import InputError, UserError

LIST_COLUMNS = {c.name: c.list_kind for c in import_spec.COLUMNS if c.list_kind}
_SHOW_LIMIT = 40
Maps = dict[str, dict[str, str]]  # column -> {value as in the file (case-folded): list value}


@dataclass
class Unknown:
    column: str
    kind: str
    value: str
    rows: list[int] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def shown(self) -> str | None:
        """The value as a message may show it, or None when it should not be echoed."""
        value = self.value
        if len(value) > _SHOW_LIMIT or any(ch.isdigit() for ch in value) or not value.isprintable():
            return None
        return value

    def line(self) -> str:
        name = lists.KINDS[self.kind]
        count = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        if self.shown is None:
            first = ", ".join(map(str, self.rows[:3]))
            return (
                f"{self.column}: a value of {len(self.value)} characters ({count}: row {first}) is not "
                f"a {name}: check those rows (was something else typed in this column?), or map it "
                "in the app's import dialog"
            )
        target = self.suggestion or f"ONE OF YOUR {name.upper()} LIST"
        return (
            f"{self.column} '{self.value}' ({count}) is not a {name}: map it with "
            f"`--map {self.column}:{self.value}={target}` or add it with "
            f"`dv-forum lists add {self.kind} {_quoted(self.value)}`"
        )


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


class UnknownValues(InputError):
    """A file refused for values not in the partnership's lists (and maybe other problems): the
    unknown values come with the lists they could be mapped to, so the app can offer a table."""

    def __init__(self, problems: list[str], unknown: list[Unknown], choices: dict[str, list[str]]) -> None:
        super().__init__(problems, "The file")
        self.unknown = unknown
        self.choices = choices  # column -> the values of its list


def choices_for(conn: Any, unknown: list[Unknown]) -> dict[str, list[str]]:
    return {u.column: lists.get_list(conn, u.kind) for u in unknown}


MapSpec = str | tuple[str, str, str]  # "COLUMN:FROM=TO", or (column, from, to) from the app


def _split(spec: MapSpec) -> tuple[str, str, str, bool]:
    if isinstance(spec, tuple):
        return (*spec, True)
    column, sep, rest = spec.partition(":")
    source, eq, target = rest.partition("=")
    return column, source, target, bool(sep and eq)


def parse_maps(specs: list[MapSpec], conn: Any) -> Maps:
    """``COLUMN:FROM=TO`` options, checked: a list column, and TO a value of its list."""
    maps: Maps = {}
    for spec in specs:
        column, source, target, whole = _split(spec)
        shown = spec if isinstance(spec, str) else f"{column}:{source}={target}"
        name = import_spec.canonical(column) if whole else None
        if not (whole and source.strip() and target.strip()):
            raise UserError(
                f"--map {shown}: not COLUMN:FROM=TO.", "For example --map area:Ashby=Ashby de la Zouch"
            )
        if name not in LIST_COLUMNS:
            raise UserError(
                f"--map {shown}: {column.strip()} is not a list column.",
                "Maps apply to " + " and ".join(LIST_COLUMNS) + ".",
            )
        kind = LIST_COLUMNS[name]
        value = _match(lists.get_list(conn, kind), target)
        if value is None:
            raise UserError(
                f"--map {shown}: '{target.strip()}' is not a {lists.KINDS[kind]}.",
                f"See 'dv-forum lists show {kind}'.",
            )
        maps.setdefault(name, {})[" ".join(source.split()).casefold()] = value
    return maps


def _match(values: list[str], text: str) -> str | None:
    folded = " ".join(text.split()).casefold()
    return next((v for v in values if v.casefold() == folded), None)


def suggest(value: str, values: list[str]) -> str | None:
    """The list value a person most likely meant: one that starts with it, else a close spelling."""
    folded = value.casefold()
    starts = [v for v in values if v.casefold().startswith(folded) or folded.startswith(v.casefold())]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(folded, [v.casefold() for v in values], n=1, cutoff=0.75)
    return next((v for v in values if close and v.casefold() == close[0]), None)


def map_values(
    conn: Any, names: list[str], rows: list[list[str]], maps: Maps, first_row: int
) -> list[Unknown]:
    """Rewrite list columns' cells to their list values, in place. Cells with an unknown value are
    left as they are and returned, grouped by value (in order of first appearance)."""
    unknown: list[Unknown] = []
    for column, kind in LIST_COLUMNS.items():
        if column not in names:
            continue
        index = names.index(column)
        values = lists.get_list(conn, kind)
        table = {v.casefold(): v for v in values}
        table.update({a: v for a, v in lists.aliases(conn, kind).items() if a not in table})
        table.update(maps.get(column, {}))
        found: dict[str, Unknown] = {}
        for i, row in enumerate(rows):
            if index >= len(row) or not row[index].strip():
                continue
            text = " ".join(row[index].split())
            value = table.get(text.casefold())
            if value is not None:
                row[index] = value
                continue
            entry = found.get(text.casefold())
            if entry is None:
                entry = found[text.casefold()] = Unknown(column, kind, text, suggestion=suggest(text, values))
            entry.rows.append(i + first_row)
        unknown.extend(found.values())
    return unknown


def remember(conn: Any, maps: Maps) -> int:
    """Store this import's maps as aliases, so later files need no --map."""
    count = 0
    for column, table in maps.items():
        for source, value in table.items():
            store_alias(conn, LIST_COLUMNS[column], source, value)
            count += 1
    return count


def hold_rows(names: list[str], rows: list[list[str]], unknown: list[Unknown]) -> dict[int, list[str]]:
    """Rows holding an unknown list value, by row number, as read; in ``rows`` that cell is blanked so
    the other checks report only the row's other problems."""
    held: dict[int, list[str]] = {}
    for entry in unknown:
        index = names.index(entry.column)
        for number in entry.rows:
            i = number - FIRST_ROW
            if number not in held:
                held[number] = rows[i]
                rows[i] = list(rows[i])
            rows[i][index] = ""
    return held


def reject_held(checked: Checked, held: dict[int, list[str]], unknown: list[Unknown]) -> set[str]:
    """Move rows holding an unknown list value to the rejected ones, each with its reason; returns
    those reasons (reported once per value instead of once per row)."""
    reasons: dict[int, list[str]] = {}
    for entry in unknown:
        name = lists.KINDS[entry.kind]
        for number in entry.rows:
            reasons.setdefault(number, []).append(f"row {number}, column {entry.column}: not a {name}")
    bad_numbers = {n for n, _, _ in checked.bad}
    checked.bad = [(n, held.get(n, cells), [*reasons.get(n, []), *ps]) for n, cells, ps in checked.bad]
    moving = [i for i, n in enumerate(checked.numbers) if n in held and n not in bad_numbers]
    if moving:
        checked.bad += [
            (checked.numbers[i], held[checked.numbers[i]], reasons[checked.numbers[i]]) for i in moving
        ]
        checked.bad.sort(key=lambda b: b[0])
        keep = [i for i in range(len(checked.numbers)) if i not in set(moving)]
        checked.numbers = [checked.numbers[i] for i in keep]
        checked.columns = {k: [col[i] for i in keep] for k, col in checked.columns.items()}
        checked.victims = [checked.victims[i] for i in keep]
        checked.perps = [checked.perps[i] for i in keep]
    return {r for rs in reasons.values() for r in rs}
