"""The desktop program logs event names and counts (unlock, lock, failures), never case data."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.launch import parse_args


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def app_log() -> Lines:
    handler = Lines()
    logger = logging.getLogger("dv_forum.app")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_session_is_logged_without_names(qtbot, make_shell, tmp_path: Path, app_log):  # type: ignore[no-untyped-def]
    vault, _ = Vault.create(tmp_path / "vault", "Kimberley", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    shell = make_shell(tmp_path / "vault")
    unlock(qtbot, shell, user="Kimberley")

    def fails(_v: object) -> None:
        raise ValueError("a case note that must not be logged")

    errors: list[BaseException] = []
    shell.run(fails, on_error=errors.append)
    wait_idle(qtbot, shell)
    assert len(errors) == 1
    shell.lock("lock")
    wait_idle(qtbot, shell)
    shell.shutdown()
    text = "\n".join(app_log.lines)
    assert "unlocked (role coordinator)" in text and "locked (lock)" in text
    assert "run operation failed: ValueError" in text
    assert "closing:" in text and "1 failed" in text
    for secret in ("Kimberley", PASSPHRASE, "case note", str(tmp_path)):
        assert secret not in text


def test_the_desktop_program_takes_debug() -> None:
    assert parse_args(["--debug"]).debug and not parse_args([]).debug
