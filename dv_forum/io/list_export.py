"""Export a list the app shows (the case list, outreach clients, ...) to Excel, for the vault.

The caller passes the rows as the list shows them (its filter, its order, its columns); this
checks the EXPORT permission, marks the workbook with the vault's protective marking and audits
the export by the list's name and row count only (never a value from it, nor the file's name).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dv_forum.io.csv_safe import Cell
from dv_forum.io.xlsx_export import with_suffix, write_xlsx
from dv_forum.marac.settings import MARKING
from dv_forum.settings import get_setting
from dv_forum.vault import Perm

AUDIT_ACTION = "list.export"


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


def export_list(
    vault: Any,
    path: Path,
    list_name: str,
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
) -> Exported:
    """Write the list to ``path`` (.xlsx added if missing) and audit it; returns where and how
    many rows."""
    vault.require(Perm.EXPORT)
    marking = get_setting(vault.conn, MARKING).strip() or MARKING.default
    target = with_suffix(path)
    count = write_xlsx(target, list_name, marking, header, rows)
    with vault.transaction():
        vault.audit(AUDIT_ACTION, ref=list_name, detail=f"xlsx; {count} rows")
    return Exported(target, count)
