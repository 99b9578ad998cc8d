"""A full disk or a busy vault under any screen is told as the user error it is, with a next step,
never as "Something went wrong inside dv-forum" (the worker translates it once, by SQLite code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlcipher3 import dbapi2

from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle


def sqlite_error(code: int, name: str) -> dbapi2.OperationalError:
    exc = dbapi2.OperationalError("a message the program must not rely on")
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = name
    return exc


class FailingConnection:
    """The vault's connection, failing every statement as SQLite would with ``exc``."""

    def __init__(self, real: Any, exc: BaseException) -> None:
        self.real = real
        self.exc = exc

    def execute(self, *_args: Any) -> Any:
        raise self.exc

    executemany = executescript = execute

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    return tmp_path / "vault"


@pytest.mark.parametrize(
    ("code", "name", "says"),
    [
        (13, "SQLITE_FULL", "disk is full"),
        (5, "SQLITE_BUSY", "busy"),
        (10 | (4 << 8), "SQLITE_IOERR_READ", "read"),
    ],
)
def test_every_screen_shows_the_user_error(qtbot, make_shell, folder, scripted_dialogs, code, name, says):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    vault = shell.worker._executor.vault
    real = vault.conn
    vault.conn = FailingConnection(real, sqlite_error(code, name))
    try:
        for screen in shell.window.build_all():
            scripted_dialogs.reset()
            scripted_dialogs.script(*[None] * 50)  # however many warnings the screen shows
            shell.navigate(screen.nav_key)
            screen.on_unlocked()  # reload everything it shows
            wait_idle(qtbot, shell)
            shown = [text for _kind, _title, text in scripted_dialogs.history]
            status = " ".join(w.text() for w in _labels(screen))
            assert shown or says in status, f"{screen.nav_key}: the failure was not shown"
            for text in shown:
                assert "Something went wrong" not in text, screen.nav_key
                assert says in text, (screen.nav_key, text)
    finally:
        vault.conn = real
        scripted_dialogs.reset()


def _labels(screen: Any) -> list[Any]:
    from PySide6.QtWidgets import QLabel

    return screen.findChildren(QLabel)
