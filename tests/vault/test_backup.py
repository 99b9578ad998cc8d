"""S13 backups restore; migrations; S17 audit tamper evidence."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.vault import KdfParams, Vault, audit, migrations
from dv_forum.vault.backup import MAGIC
from dv_forum.vault.db import open_db
from tests.conftest import PASSPHRASE


def _rows(v: Vault) -> list[tuple[str, str, int]]:
    return [tuple(r) for r in v.conn.execute("SELECT month, area, count FROM incident_counts ORDER BY 1, 2")]


def test_s13_backup_while_another_connection_writes_then_restore_elsewhere(
    vault: Vault, tmp_path: Path
) -> None:
    with vault.transaction():
        vault.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, '', ?)",
            [(f"2024-{m:02d}", m) for m in range(1, 13)],
        )
    writer = open_db(vault.folder / "vault.db", _key_of(vault))
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        i = 0
        try:
            while not stop.is_set() and i < 300:
                writer.execute("BEGIN IMMEDIATE")
                writer.execute("INSERT INTO lists (kind, value) VALUES ('busy', ?)", (str(i),))
                writer.execute("COMMIT")
                i += 1
        except Exception as exc:  # noqa: BLE001 - "database is locked" is expected while backing up
            if "locked" not in str(exc):
                errors.append(exc)
            if writer.in_transaction:
                writer.execute("ROLLBACK")

    t = threading.Thread(target=write)
    t.start()
    target = tmp_path / "backup.dvbak"
    vault.backup(target)
    stop.set()
    t.join()
    writer.close()
    assert errors == []
    assert target.read_bytes().startswith(MAGIC)
    assert (target.stat().st_mode & 0o077) == 0
    restored = Vault.restore(target, tmp_path / "restored", "coord", PASSPHRASE)
    assert restored.verify() == []
    assert _rows(restored) == _rows(vault)
    assert restored.conn.execute("SELECT count(*) FROM audit WHERE action = 'restore'").fetchone()[0] == 1
    restored.close()


def _key_of(vault: Vault) -> bytes:
    from dv_forum.vault.slots import unwrap_passphrase

    return unwrap_passphrase(vault.header, "coord", PASSPHRASE)


def test_restore_refuses_a_non_empty_folder_and_a_non_backup(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "b.dvbak"
    vault.backup(target)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        Vault.restore(target, busy, "coord", PASSPHRASE)
    junk = tmp_path / "junk.dvbak"
    junk.write_bytes(b"hello")
    with pytest.raises(UserError, match="not a dv-forum backup"):
        Vault.restore(junk, tmp_path / "new", "coord", PASSPHRASE)


def test_backup_restores_with_the_recovery_key(tmp_path: Path) -> None:
    v, recovery = Vault.create(tmp_path / "v", "coord", PASSPHRASE, kdf=KdfParams())
    v.backup(tmp_path / "b.dvbak")
    v.close()
    from dv_forum.vault.backup import restore_files

    restore_files(tmp_path / "b.dvbak", tmp_path / "r")
    Vault.open_with_recovery(tmp_path / "r", recovery, "coord", "another good passphrase").close()


def test_migrating_from_empty_equals_the_declared_schema(tmp_path: Path) -> None:
    key = b"\x01" * 32
    migrated = open_db(tmp_path / "m.db", key)
    assert migrations.migrate(migrated) == list(range(1, migrations.SCHEMA_VERSION + 1))
    declared = open_db(tmp_path / "d.db", key)
    migrations.run_script(declared, migrations.declared_schema_sql())
    assert migrations.schema_snapshot(migrated) == migrations.schema_snapshot(declared)
    assert migrations.migrate(migrated) == []  # idempotent
    migrated.close()
    declared.close()


def test_a_failing_migration_step_rolls_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = open_db(tmp_path / "f.db", b"\x02" * 32)

    def broken(c) -> None:  # type: ignore[no-untyped-def]
        c.execute("CREATE TABLE half (x)")
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "STEPS", [broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 1)
    with pytest.raises(RuntimeError):
        migrations.migrate(conn)
    assert migrations.current_version(conn) == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    conn.close()


def test_s17_audit_rows_are_append_only_and_edits_are_detected(vault: Vault) -> None:
    with vault.transaction():
        vault.audit("case.view", ref="NWL-2026-0001")
        vault.audit("export", detail="stats csv")
    assert audit.verify(vault.conn) == []
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("UPDATE audit SET action = 'nothing' WHERE id = 2")
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("DELETE FROM audit WHERE id = 2")
    # Someone who bypasses the triggers is still caught by the chain.
    vault.conn.execute("DROP TRIGGER audit_no_update")
    vault.conn.execute("UPDATE audit SET ref = 'NWL-2026-0002' WHERE action = 'case.view'")
    problems = audit.verify(vault.conn)
    assert any("altered" in p for p in problems)


def test_s17_deleted_audit_rows_are_detected(vault: Vault) -> None:
    with vault.transaction():
        for i in range(5):
            vault.audit("case.view", ref=f"R{i}")
    vault.conn.execute("DROP TRIGGER audit_no_delete")
    vault.conn.execute("DELETE FROM audit WHERE ref = 'R2'")
    assert any("missing" in p or "does not follow" in p for p in audit.verify(vault.conn))
