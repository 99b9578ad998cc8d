"""S25 / issue 15 item 7: one throttle for every passphrase check; its counter cannot be reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.errors import LockedOut, WrongPassphrase
from dv_forum.vault import Vault
from dv_forum.vault.throttle import THROTTLE_NAME
from tests.conftest import FLOOR_KDF, PASSPHRASE

WRONG = "not the right passphrase at all"


class Clock:
    def __init__(self) -> None:
        self.now = 2_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def closed(vault_dir: Path) -> Path:
    Vault.create(vault_dir, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0].close()
    return vault_dir


@pytest.fixture
def backup_file(closed: Path, tmp_path: Path) -> Path:
    v = Vault.open(closed, "coord", PASSPHRASE)
    target = v.backup(tmp_path / "b.dvbak")
    v.close()
    return target


def _fail(folder: Path, clock: Clock, times: int) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassphrase):
            Vault.open(folder, "coord", WRONG, clock=clock)


def test_the_restore_form_and_cli_restore_are_throttled(backup_file: Path, tmp_path: Path) -> None:
    clock = Clock()
    outcomes = []
    for i in range(15):
        try:
            Vault.restore(backup_file, tmp_path / f"r{i}", "coord", WRONG, clock=clock)
        except WrongPassphrase:
            outcomes.append("wrong")
        except LockedOut:
            outcomes.append("locked")
    assert outcomes[:3] == ["wrong"] * 3 and outcomes[3] == "locked"


def test_restore_attempts_count_against_the_vault_they_came_from(
    closed: Path, backup_file: Path, tmp_path: Path
) -> None:
    clock = Clock()
    for i in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.restore(backup_file, tmp_path / f"r{i}", "coord", WRONG, clock=clock)
    with pytest.raises(LockedOut):
        Vault.open(closed, "coord", PASSPHRASE, clock=clock)


def test_deleting_the_counter_file_does_not_reset_it(closed: Path) -> None:
    clock = Clock()
    _fail(closed, clock, 3)
    (closed / THROTTLE_NAME).unlink()
    with pytest.raises(LockedOut):
        Vault.open(closed, "coord", WRONG, clock=clock)


def test_a_folder_in_place_of_the_counter_means_locked(closed: Path) -> None:
    clock = Clock()
    _fail(closed, clock, 1)
    (closed / THROTTLE_NAME).unlink()
    (closed / THROTTLE_NAME).mkdir()
    with pytest.raises(LockedOut) as err:
        Vault.open(closed, "coord", PASSPHRASE, clock=clock)
    # Locked until the wait is over; then the right passphrase proves who you are and clears it.
    clock.now += err.value.seconds
    Vault.open(closed, "coord", PASSPHRASE, clock=clock).close()


def test_a_garbled_counter_means_locked_not_reset(closed: Path) -> None:
    clock = Clock()
    _fail(closed, clock, 1)
    (closed / THROTTLE_NAME).write_text("{not json")
    with pytest.raises(LockedOut):
        Vault.open(closed, "coord", PASSPHRASE, clock=clock)
