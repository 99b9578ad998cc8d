"""How the command line ends when the world fails under it: a full disk, a busy vault, a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2

from dv_forum import settings as settings_mod
from tests.conftest import FLOOR_KDF, PASSPHRASE


def sqlite_error(code: int, name: str) -> dbapi2.OperationalError:
    """The exception sqlcipher3 raises for SQLite result ``code``."""
    exc = dbapi2.OperationalError("some message the program must not rely on")
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = name
    return exc


@pytest.mark.parametrize(
    ("code", "name", "says"),
    [(13, "SQLITE_FULL", "disk is full"), (5, "SQLITE_BUSY", "busy"), (6, "SQLITE_LOCKED", "busy")],
)
def test_a_database_failure_is_one_line_with_a_next_step(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch, code: int, name: str, says: str
) -> None:
    assert cli("init")[0] == 0

    def fail(*_a: object, **_k: object) -> None:
        raise sqlite_error(code, name)

    monkeypatch.setattr(settings_mod, "set_setting", fail)
    code_, out, err = cli("settings", "set", "repeat.window_months", "6")
    assert code_ == 1 and out == ""
    assert err.count("\n") == 1 and says in err and "try again" in err
    assert "internal error" not in err and "incident" not in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    from dv_forum.vault import Vault

    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    env = dict(os.environ, DV_FORUM_VAULT=str(tmp_path / "vault"), DV_FORUM_PASSPHRASE=PASSPHRASE)
    # The reader is gone before the command writes a byte, as with `| head -c 10` on a slow command.
    proc = subprocess.Popen(
        [sys.executable, "-m", "dv_forum", "stats", "return", "--quarter", "2025Q3", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() in (0, 141)
    assert err == ""  # no "unexpected internal error", no "Exception ignored"


def test_the_same_command_writes_its_json_to_an_open_pipe(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, out, _ = cli("stats", "return", "--quarter", "2025Q3", "--json")
    assert code == 0 and json.loads(out)
