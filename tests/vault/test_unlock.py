"""Unlocking: S1 wrong passphrase, S2 damaged vs wrong, S10 throttling, S11 KDF downgrade, newer schema."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from dv_forum.errors import LockedOut, UserError, VaultDamaged, VaultNotFound, VaultTooNew, WrongPassphrase
from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.header import DB_NAME, HEADER_NAME, KdfDowngrade
from dv_forum.vault.throttle import Throttle
from tests.conftest import PASSPHRASE


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture
def closed_vault(vault_dir: Path) -> Path:
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    v.close()
    return vault_dir


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_s1_wrong_passphrase_is_clean_and_writes_nothing_to_the_vault(closed_vault: Path) -> None:
    db_before = _digest(closed_vault)[DB_NAME]
    header_before = _digest(closed_vault)[HEADER_NAME]
    with pytest.raises(WrongPassphrase) as err:
        Vault.open(closed_vault, "coord", "not the passphrase at all")
    assert "not right" in err.value.message and err.value.next_step
    after = _digest(closed_vault)
    assert after[DB_NAME] == db_before and after[HEADER_NAME] == header_before


def test_unknown_user_looks_like_a_wrong_passphrase(closed_vault: Path) -> None:
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, "nobody", PASSPHRASE)


def test_right_passphrase_opens_and_the_user_is_a_coordinator(closed_vault: Path) -> None:
    v = Vault.open(closed_vault, "COORD", PASSPHRASE)
    assert v.user.role.value == "coordinator"
    v.close()


def test_s2_a_damaged_page_is_reported_as_damage_not_a_wrong_passphrase(closed_vault: Path) -> None:
    v = Vault.open(closed_vault, "coord", PASSPHRASE)
    with v.transaction():
        v.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, ?, ?)",
            [
                (f"20{y:02d}-{m:02d}", f"area {i}", i)
                for i, (y, m) in enumerate((y, m) for y in range(10, 30) for m in range(1, 13))
            ],
        )
    v.close()
    db = closed_vault / DB_NAME
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[3 * page + 100 : 3 * page + 140] = b"\xff" * 40
    db.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged) as err:
        Vault.open(closed_vault, "coord", PASSPHRASE)
    assert "damaged" in err.value.message and "backup" in err.value.next_step


def test_s2_a_damaged_first_page_is_also_damage(closed_vault: Path) -> None:
    db = closed_vault / DB_NAME
    data = bytearray(db.read_bytes())
    data[200:260] = b"\x00" * 60
    db.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        Vault.open(closed_vault, "coord", PASSPHRASE)


def test_missing_vault_and_missing_database_are_explained(tmp_path: Path, closed_vault: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere", "coord", PASSPHRASE)
    (closed_vault / DB_NAME).unlink()
    with pytest.raises(VaultDamaged):
        Vault.open(closed_vault, "coord", PASSPHRASE)


def test_s10_escalating_delay_from_the_fourth_failure(closed_vault: Path) -> None:
    clock = Clock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, "coord", "wrong passphrase here", clock=clock)
    # The 4th attempt must wait.
    with pytest.raises(LockedOut) as err:
        Vault.open(closed_vault, "coord", PASSPHRASE, clock=clock)
    first_wait = err.value.seconds
    assert first_wait >= 1
    clock.now += first_wait
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, "coord", "wrong passphrase here", clock=clock)
    with pytest.raises(LockedOut) as err:
        Vault.open(closed_vault, "coord", PASSPHRASE, clock=clock)
    assert err.value.seconds > first_wait  # escalating


def test_s10_at_most_ten_attempts_in_five_minutes_and_the_counter_survives_restart(
    closed_vault: Path,
) -> None:
    clock = Clock()
    start = clock.now
    attempts = 0
    while clock.now - start < 300:
        wait = Throttle(closed_vault, clock).wait_seconds()  # a fresh object each time = a restart
        if wait:
            clock.now += wait
            continue
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, "coord", "wrong passphrase here", clock=clock)
        attempts += 1
    assert 4 <= attempts <= 10
    # Twenty attempts in all never exceed 10 per 5-minute window.
    times = Throttle(closed_vault, clock).failures
    assert all(sum(1 for t in times if s <= t < s + 300) <= 10 for s in times)
    # After waiting, the right passphrase opens and resets the counter; the failures are audited.
    clock.now += Throttle(closed_vault, clock).wait_seconds()
    v = Vault.open(closed_vault, "coord", PASSPHRASE, clock=clock)
    detail = v.conn.execute("SELECT detail FROM audit WHERE action = 'unlock.failed'").fetchone()[0]
    assert detail.startswith(f"{attempts} failed")
    v.close()
    assert Throttle(closed_vault, clock).wait_seconds() == 0


def test_s11_header_with_weaker_kdf_is_refused(closed_vault: Path) -> None:
    path = closed_vault / HEADER_NAME
    body = json.loads(path.read_text())
    for slot in body["slots"]:
        if slot["kind"] == "passphrase":
            slot["kdf"]["memory_kib"] = 1024
            slot["kdf"]["iterations"] = 1
    path.write_text(json.dumps(body))
    with pytest.raises(KdfDowngrade) as err:
        Vault.open(closed_vault, "coord", PASSPHRASE)
    assert "tampered" in err.value.message


def test_s11_stronger_looking_edit_breaks_the_binding(closed_vault: Path) -> None:
    path = closed_vault / HEADER_NAME
    body = json.loads(path.read_text())
    for slot in body["slots"]:
        if slot["kind"] == "passphrase":
            slot["kdf"]["iterations"] += 1
    path.write_text(json.dumps(body))
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, "coord", PASSPHRASE)


def test_creation_refuses_floor_breaking_parameters_and_weak_passphrases(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Vault.create(tmp_path / "a", "coord", PASSPHRASE, kdf=KdfParams(memory_kib=1024))
    with pytest.raises(UserError, match="too weak"):
        Vault.create(tmp_path / "b", "coord", "password123")
    with pytest.raises(UserError, match="at least 10"):
        Vault.create(tmp_path / "c", "coord", "short")


def test_creation_refuses_an_existing_vault_or_a_busy_folder(tmp_path: Path, closed_vault: Path) -> None:
    with pytest.raises(UserError, match="already a vault"):
        Vault.create(closed_vault, "coord", PASSPHRASE, kdf=KdfParams())
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.docx").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        Vault.create(busy, "coord", PASSPHRASE, kdf=KdfParams())


def test_a_vault_from_a_newer_version_is_refused(closed_vault: Path) -> None:
    v = Vault.open(closed_vault, "coord", PASSPHRASE)
    v.conn.execute("PRAGMA user_version = 999")
    v.close()
    with pytest.raises(VaultTooNew) as err:
        Vault.open(closed_vault, "coord", PASSPHRASE)
    assert "newer version" in err.value.message


def test_files_are_private(closed_vault: Path) -> None:
    assert (closed_vault.stat().st_mode & 0o777) == 0o700
    for p in closed_vault.iterdir():
        assert (p.stat().st_mode & 0o077) == 0, p.name


def test_memory_security_follows_the_environment(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dv_forum.vault import db

    monkeypatch.delenv("DV_FORUM_MEMORY_SECURITY", raising=False)
    assert db.memory_security() is False
    monkeypatch.setenv("DV_FORUM_MEMORY_SECURITY", "on")
    assert db.memory_security() is True
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    assert str(v.conn.execute("PRAGMA cipher_memory_security").fetchone()[0]) == "1"
    v.close()
