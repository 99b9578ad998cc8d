"""Bulk inserts for imports: stage rows in an in-memory TEMP table, then copy with one statement.

Measured on the encrypted vault: a row inserted straight into `referrals` by executemany costs about
200 us (every statement touches encrypted pages, indexes and foreign keys); staging in TEMP (memory,
temp_store = MEMORY, never on disk) and one INSERT ... SELECT costs about a third of that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from dv_forum.vault.db import Connection

DIRECT_BELOW = 200  # small batches: staging would cost more than it saves
PROGRESS_EVERY = 1000


def insert_rows(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    or_ignore: bool = False,
    constants: Mapping[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert ``rows`` into ``table`` (inside the caller's transaction). Names are ours, not input.

    ``constants``: columns with one value for every row (bound once, not once a row).
    ``progress``: called with the number of rows written so far, every PROGRESS_EVERY rows."""
    if not rows:
        return
    if progress is not None:
        rows = _Counted(rows, progress)
    fixed = dict(constants or {})
    cols = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    if len(rows) < DIRECT_BELOW:
        extra = tuple(fixed.values())
        every = ", ".join([*columns, *fixed])
        conn.executemany(
            f"{verb} INTO {table} ({every}) VALUES ({', '.join('?' for _ in (*columns, *fixed))})",
            [(*row, *extra) for row in rows] if extra else rows,
        )
        return
    stage = f"temp.stage_{table}"
    conn.execute(f"DROP TABLE IF EXISTS {stage}")
    conn.execute(f"CREATE TEMP TABLE stage_{table} AS SELECT {cols} FROM main.{table} WHERE 0")
    try:
        conn.executemany(f"INSERT INTO {stage} VALUES ({marks})", rows)
        names = ", ".join([*columns, *fixed])
        values = ", ".join([cols, *("?" for _ in fixed)])
        conn.execute(
            f"{verb} INTO main.{table} ({names}) SELECT {values} FROM {stage}", tuple(fixed.values())
        )
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {stage}")


class _Counted(Sequence[Any]):
    """``rows`` that report how many have been read (executemany reads them in order, once)."""

    def __init__(self, rows: Sequence[Any], progress: Callable[[int], None]) -> None:
        self.rows, self.progress = rows, progress

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: Any) -> Any:
        return self.rows[i]

    def __iter__(self) -> Iterator[Any]:
        for n, row in enumerate(self.rows, start=1):
            if n % PROGRESS_EVERY == 0:
                self.progress(n)
            yield row
