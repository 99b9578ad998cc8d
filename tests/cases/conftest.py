"""Fixtures for the cases tests: a plain connection to a freshly created vault."""

from __future__ import annotations

import pytest

from dv_forum.vault import Vault
from dv_forum.vault.db import Connection


@pytest.fixture
def db(vault: Vault) -> Connection:
    return vault.conn
