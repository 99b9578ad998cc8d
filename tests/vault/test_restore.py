"""Restore: a failed restore leaves nothing behind; the restored vault's audit records it."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from dv_forum import paths
from dv_forum.errors import BackupDamaged, DiskFull, PermissionDenied, UserError, WrongPassphrase
from dv_forum.vault import Vault, audit, backup
from dv_forum.vault.backup import MAGIC, default_restore_folder, restore_target_problem
from tests.conftest import PASSPHRASE


def _snapshot(folder: Path) -> list[str]:
    """Every path under folder (hidden ones too), so leftovers of any kind show."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def made(vault: Vault, tmp_path: Path) -> Path:
    """A backup of a vault holding a few rows, in tmp_path/backups/b.dvbak."""
    with vault.transaction():
        vault.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, '', ?)",
            [(f"2024-{m:02d}", m) for m in range(1, 4)],
        )
    (tmp_path / "backups").mkdir()
    return vault.backup(tmp_path / "backups" / "b.dvbak")


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """An empty parent folder for restore targets, so leftovers are easy to see."""
    folder = tmp_path / "place"
    folder.mkdir()
    return folder


def test_restore_records_itself_in_the_restored_audit(made: Path, place: Path) -> None:
    restored = Vault.restore(made, place / "restored", "coord", PASSPHRASE)
    try:
        rows = audit.rows(restored.conn, limit=2)
        assert [(r.action, r.user) for r in rows] == [("unlock", "coord"), ("restore", "coord")]
        assert restored.verify() == []
        assert restored.conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0] == 3
        assert restored.folder == place / "restored"
    finally:
        restored.close()
    assert _snapshot(place) == ["restored", "restored/vault.db", "restored/vault.header"]


def test_restore_into_an_existing_empty_folder(made: Path, place: Path) -> None:
    (place / "empty").mkdir()
    Vault.restore(made, place / "empty", "coord", PASSPHRASE).close()
    assert Vault.exists(place / "empty")


def test_wrong_passphrase_writes_nothing(made: Path, place: Path) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        Vault.restore(made, place / "a" / "restored", "coord", "not the passphrase at all")
    assert "valid when the backup was made" in caught.value.next_step
    with pytest.raises(WrongPassphrase):
        Vault.restore(made, place / "restored", "nobody", PASSPHRASE)
    assert _snapshot(place) == []


def test_wrong_passphrase_leaves_an_existing_empty_folder_empty(made: Path, place: Path) -> None:
    (place / "empty").mkdir()
    with pytest.raises(WrongPassphrase):
        Vault.restore(made, place / "empty", "coord", "not the passphrase at all")
    assert _snapshot(place) == ["empty"]


def test_a_damaged_backup_is_told_apart_and_leaves_nothing(made: Path, place: Path) -> None:
    data = bytearray(made.read_bytes())
    for i in range(len(data) - 3000, len(data) - 2000):
        data[i] ^= 0xFF
    made.write_bytes(bytes(data))
    with pytest.raises(BackupDamaged, match="backup file is damaged") as caught:
        Vault.restore(made, place / "new" / "restored", "coord", PASSPHRASE)
    assert "older backup" in caught.value.next_step
    assert _snapshot(place) == []  # neither the hidden folder nor the parent made for the target


def test_a_cut_short_or_headless_backup_is_damaged(made: Path, place: Path) -> None:
    whole = made.read_bytes()
    made.write_bytes(whole[: len(MAGIC) + 8 + 20])
    with pytest.raises(BackupDamaged, match="cut short"):
        Vault.restore(made, place / "r", "coord", PASSPHRASE)
    made.write_bytes(whole[: len(MAGIC) + 8] + b"x" * (len(whole) - len(MAGIC) - 8))
    with pytest.raises(BackupDamaged):
        Vault.restore(made, place / "r", "coord", PASSPHRASE)
    assert _snapshot(place) == []


def test_not_a_backup_and_unreadable_sources(tmp_path: Path, place: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"hello" * 1000)
    with pytest.raises(UserError, match="not a dv-forum backup"):
        Vault.restore(junk, place / "r", "coord", PASSPHRASE)
    with pytest.raises(UserError, match="Cannot read the backup file"):
        Vault.restore(tmp_path, place / "r", "coord", PASSPHRASE)
    assert _snapshot(place) == []


def test_a_non_empty_target_or_a_file_is_refused_untouched(made: Path, place: Path) -> None:
    (place / "busy").mkdir()
    (place / "busy" / "x").write_text("keep me")
    (place / "file").write_text("keep me too")
    for target in (place / "busy", place / "file"):
        with pytest.raises(UserError, match="not empty|not a folder") as caught:
            Vault.restore(made, target, "coord", PASSPHRASE)
        assert "new, empty folder" in caught.value.next_step
    assert _snapshot(place) == ["busy", "busy/x", "file"]
    assert (place / "busy" / "x").read_text() == "keep me"


def test_a_user_who_may_not_restore_is_refused_and_nothing_is_left(
    vault_factory: Any, tmp_path: Path, place: Path
) -> None:
    vault_factory("outreach")
    coord = vault_factory()
    target = coord.backup(tmp_path / "b.dvbak")
    with pytest.raises(PermissionDenied):
        Vault.restore(target, place / "r", "outreach1", PASSPHRASE)
    assert _snapshot(place) == []


@contextlib.contextmanager
def _full_on(call: int, calls: list[int]) -> Iterator[Any]:
    real = backup.atomic_writer

    @contextlib.contextmanager
    def writer(target: Path) -> Iterator[BinaryIO]:
        calls.append(1)
        with real(target) as fh:
            if len(calls) == call:
                raise OSError(errno.ENOSPC, "No space left on device")
            yield fh

    yield writer


@pytest.mark.parametrize("call", [1, 2])
def test_a_full_disk_is_reported_and_leaves_nothing(
    made: Path, place: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    calls: list[int] = []
    with _full_on(call, calls) as writer:
        monkeypatch.setattr(backup, "atomic_writer", writer)
        with pytest.raises(DiskFull) as caught:
            Vault.restore(made, place / "restored", "coord", PASSPHRASE)
    assert "could not be restored" in caught.value.message
    assert "nothing was left behind" in caught.value.message
    assert _snapshot(place) == []


def test_a_failure_after_the_move_removes_the_restored_folder(
    made: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (place / "empty").mkdir()
    real = Vault._finish_open.__func__  # type: ignore[attr-defined]
    seen: list[Path] = []

    def finish(cls: type[Vault], folder: Path, *args: Any) -> Vault:
        seen.append(folder)
        if len(seen) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real(cls, folder, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(Vault, "_finish_open", classmethod(finish))
    with pytest.raises(OSError, match="Input/output"):
        Vault.restore(made, place / "empty", "coord", PASSPHRASE)
    assert seen[1] == place / "empty"
    assert seen[0].name.startswith(".empty.restoring-")
    assert _snapshot(place) == ["empty"]  # the empty folder it was given is still there, empty


def test_restore_files_alone_also_cleans_up(made: Path, place: Path) -> None:
    (place / "busy").mkdir()
    (place / "busy" / "x").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        backup.restore_files(made, place / "busy")
    backup.restore_files(made, place / "fresh")
    assert _snapshot(place) == ["busy", "busy/x", "fresh", "fresh/vault.db", "fresh/vault.header"]


def test_default_restore_folder_is_new_and_beside_the_vault(tmp_path: Path) -> None:
    day = date(2026, 3, 1)
    current = tmp_path / "vault"
    assert default_restore_folder(current, day) == tmp_path / "vault-restored-2026-03-01"
    (tmp_path / "vault-restored-2026-03-01").mkdir()
    (tmp_path / "vault-restored-2026-03-01-2").write_text("a file counts too")
    assert default_restore_folder(current, day) == tmp_path / "vault-restored-2026-03-01-3"
    # Restoring again from a restored vault does not stack the suffixes.
    again = default_restore_folder(tmp_path / "vault-restored-2026-03-01-2", date(2026, 4, 2))
    assert again == tmp_path / "vault-restored-2026-04-02"
    assert restore_target_problem(again) == ""
    assert "not empty" in restore_target_problem(tmp_path)


def test_the_remembered_vault_folder_is_the_default_while_it_holds_a_vault(
    made: Path, place: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("DV_FORUM_VAULT", raising=False)
    built_in = paths.default_vault_dir()
    assert paths.remembered_vault_dir() is None
    Vault.restore(made, place / "restored", "coord", PASSPHRASE).close()
    paths.remember_vault_dir(place / "restored")
    assert (tmp_path / "config" / paths.REMEMBERED_VAULT_NAME).stat().st_mode & 0o077 == 0
    assert paths.default_vault_dir() == place / "restored"
    monkeypatch.setenv("DV_FORUM_VAULT", str(tmp_path / "chosen"))
    assert paths.default_vault_dir() == tmp_path / "chosen"  # the environment still wins
    monkeypatch.delenv("DV_FORUM_VAULT")
    (place / "restored" / "vault.header").unlink()
    assert paths.default_vault_dir() == built_in  # a folder that no longer holds a vault is skipped


def test_the_header_alone_names_nobody_but_knows_a_single_user(made: Path, tmp_path: Path) -> None:
    header = backup.read_backup_header(made)
    assert header.users() == [] and header.sole_user()
    assert b"coord" not in made.read_bytes()
    # One user: a restore needs only her passphrase, and the vault knows her by her real name.
    restored = Vault.restore(made, tmp_path / "again", "", PASSPHRASE)
    assert restored.user.name == "coord"
    restored.close()
    junk = tmp_path / "junk"
    junk.write_bytes(b"x" * 100)
    with pytest.raises(UserError, match="not a dv-forum backup"):
        backup.read_backup_header(junk)
