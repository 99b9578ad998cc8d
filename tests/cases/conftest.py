"""A bare schema database for tests of the cases core that need no unlocked vault."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlcipher3

from dv_forum.vault.db import Connection
from dv_forum.vault.migrations import migrate


@pytest.fixture
def db() -> Iterator[Connection]:
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    yield conn
    conn.close()
