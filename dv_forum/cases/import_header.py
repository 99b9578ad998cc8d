"""An import file's header: which column each heading names (any case, spacing or accepted
spelling), what is missing or repeated, and how problems name a column back to the person (the
column's own name, and for a workbook its letter)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from dv_forum.cases import import_spec

PERSON_PARTS = ("id", "surname", "forename", "dob")
# Data rows are numbered as the spreadsheet numbers them: the header is row 1.
FIRST_ROW = 2


def _internal(column: str) -> str:
    """The name the checks use: the referral field, or the identity column itself."""
    return import_spec.BY_NAME[column].field or column


def _did_you_mean(heading: str) -> str:
    every = [c.name for c in import_spec.COLUMNS]
    close = difflib.get_close_matches(
        import_spec.squash(heading), [import_spec.squash(c) for c in every], n=1
    )
    return f"; did you mean {every[[import_spec.squash(c) for c in every].index(close[0])]}?" if close else ""


def check_header(header: Sequence[str], ignore_unknown: bool) -> tuple[list[str], list[str]]:
    """The columns' internal names (an unknown heading kept as written) and the header's problems."""
    names: list[str] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for heading in header:
        text = " ".join(str(heading).split())
        column = import_spec.canonical(text)
        if column is None:
            names.append(text.casefold())
            if not ignore_unknown:
                problems.append(
                    f"header, column {text or '(blank)'}: unknown column{_did_you_mean(text)} "
                    "(see 'dv-forum import referrals --help'; --ignore-unknown skips it)"
                )
            continue
        internal = _internal(column)
        if internal in seen:
            problems.append(f"header, column {column}: given twice ('{seen[internal]}' and '{text}')")
        seen[internal] = text
        names.append(internal)
    problems += _missing(set(names))
    return names, problems


def _missing(seen: set[str]) -> list[str]:
    problems = []
    if "referral_date" not in seen:
        problems.append("header, column referral_date: missing")
    for who, required in (("victim", True), ("perpetrator", False)):
        name_cols = [f"{who}_{p}" for p in ("surname", "forename", "dob")]
        has = [c in seen for c in name_cols]
        if any(has) and not all(has):
            problems += [f"header, column {c}: missing" for c, h in zip(name_cols, has, strict=True) if not h]
        elif required and not any(has) and f"{who}_id" not in seen:
            problems.append(
                f"header, column {who}_id: missing (or give {who}_surname, {who}_forename and {who}_dob)"
            )
    return problems


def _letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def labels(names: Sequence[str], workbook: bool) -> dict[str, str]:
    """Internal name -> how a problem names it: the column's name, and its letter in a workbook."""
    by_field = {c.field: c.name for c in import_spec.COLUMNS if c.field}
    out = {}
    for i, name in enumerate(names):
        shown = by_field.get(name, name)
        out[name] = f"{shown} ({_letter(i)})" if workbook else shown
    return out


_COLUMN = re.compile(r"column ([a-z0-9_]+)")


def relabel(problems: list[str], names: dict[str, str]) -> list[str]:
    """Problems with each internal column name replaced by its label."""
    return [_COLUMN.sub(lambda m: "column " + names.get(m.group(1), m.group(1)), p) for p in problems]
