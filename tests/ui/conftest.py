"""Fixtures for the desktop shell: a Shell on a private vault, scripted dialogs, a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import district_setup
from tests.ui.shell_helpers import FLOOR_KDF, FakeClock


@pytest.fixture
def scripted_dialogs() -> Iterator[Any]:
    from ui import dialogs

    dialogs.reset()
    dialogs.strict = True
    yield dialogs
    dialogs.strict = False
    leftover = dialogs.pending()
    dialogs.reset()
    assert leftover == 0, "scripted dialog answers were not used"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_shell(
    qtbot: Any, tmp_path: Path, clock: FakeClock, scripted_dialogs: Any
) -> Iterator[Callable[..., Any]]:
    from ui.app import Shell

    shells: list[Any] = []

    def make(folder: Path | None = None, **kwargs: Any) -> Any:
        exits: list[int] = []
        kwargs.setdefault("kdf", FLOOR_KDF)
        kwargs.setdefault("clock", clock)
        shell = Shell(folder or tmp_path / "vault", exit_app=lambda: exits.append(1), **kwargs)
        shell.exits = exits
        shells.append(shell)
        shell.start()
        return shell

    yield make
    for shell in shells:
        shell.shutdown()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A vault with a coordinator ("coord") and an outreach worker ("ann"), both past their
    one-time passphrase."""
    from dv_forum.vault import Vault
    from tests.ui.shell_helpers import PASSPHRASE

    vault = district_setup(Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)[0])
    vault.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    return tmp_path / "vault"
