import os

import pytest

from dv_forum.vault.db import open_db
from dv_forum.vault.migrations import migrate


@pytest.fixture
def conn(tmp_path):
    """A migrated SQLCipher database with no vault around it (the statistics need only tables)."""
    c = open_db(tmp_path / "stats.db", os.urandom(32))
    migrate(c)
    yield c
    c.close()
