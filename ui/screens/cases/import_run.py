"""The import run itself, on the DB thread: the request, the call to the importer, and what a
failed or cancelled run leaves behind (nothing)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dv_forum.cases.import_read import read_table
from dv_forum.cases.importer import ImportResult, import_referrals
from dv_forum.errors import InputError, UserError


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(
            "The import was cancelled: nothing was imported.",
            "The vault is as it was before the import.",
        )


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    ignore_unknown: bool = False
    skip_invalid: bool = False
    rejects_path: Path | None = None
    maps: tuple[tuple[str, str, str], ...] = ()  # (column, value in the file, list value)
    remember: bool = False
    sheet: str | None = None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def run_import(
    vault: Any, request: ImportRequest, progress: Callable[[str, int, int], None] | None = None
) -> ImportResult:
    """The import (on the DB thread). If it fails or is cancelled the vault is unchanged, so a
    rejected-rows file this run wrote would describe rows of an import that did not happen (and
    holds case details): it is removed."""
    target = None
    if request.skip_invalid:  # where the importer writes them (its default when none is given)
        target = request.rejects_path or request.path.with_name(request.path.stem + ".rejects.csv")
    before = _stamp(target) if target is not None else None
    try:
        return import_referrals(
            vault,
            request.path,
            request.ignore_unknown,
            request.skip_invalid,
            target,
            progress,
            maps=request.maps,
            remember=request.remember,
            sheet=request.sheet,
        )
    except BaseException:
        if target is not None and _stamp(target) not in (None, before):
            with contextlib.suppress(OSError):
                target.unlink()
        raise


class RowProblems(InputError):
    """The problems of a file whose rows were all checked, with the number of its data rows."""

    def __init__(self, problems: list[str], data_rows: int) -> None:
        super().__init__(problems, "The file")
        self.data_rows = data_rows


def data_rows(path: Path, sheet: str | None = None) -> int | None:
    """The rows of the file the importer takes as rows: a line whose cells are all blank (an empty
    line, or only commas) is not one, though row numbers count it. None if unreadable."""
    try:
        _header, rows, _n = read_table(path, sheet)
    except UserError:
        return None
    return sum(1 for cells in rows if any(c.strip() for c in cells))
