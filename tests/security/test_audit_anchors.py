"""S21 / issue 15 item 4: an audit log cut short or re-chained inside the database passes the
chain check, but not the signed checkpoints kept outside it (the config folder, every backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dv_forum.errors import BackupDamaged
from dv_forum.vault import Vault, anchors, audit, db
from dv_forum.vault.backup import read_checkpoint, write_backup
from dv_forum.vault.header import DB_NAME, Header
from dv_forum.vault.slots import unwrap_passphrase
from tests.conftest import FLOOR_KDF, PASSPHRASE


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def folder(tmp_path: Path, config: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    with vault.transaction():
        for n in range(5):
            vault.audit("case.view", ref=f"NWL-2026-{n:04d}")
    vault.close()
    return tmp_path / "vault"


def _raw(folder: Path) -> db.Connection:
    """The attacker's view: the database opened with a passphrase, the program bypassed."""
    return db.open_db(folder / DB_NAME, unwrap_passphrase(Header.load(folder), "coord", PASSPHRASE))


def _cut(conn: db.Connection, rows: int = 3) -> None:
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id > (SELECT max(id) - ? FROM audit)", (rows,))


def _re_chain(conn: db.Connection) -> None:
    conn.execute("DROP TRIGGER audit_no_update")
    prev = audit.GENESIS
    for rid, ts, user, action, ref, detail in conn.execute(
        "SELECT id, ts, user, action, ref, detail FROM audit ORDER BY id"
    ).fetchall():
        if ref == "NWL-2026-0002":
            ref = "NWL-2026-9999"
        h = audit.row_hash(prev, ts, user, action, ref, detail)
        conn.execute("UPDATE audit SET ref = ?, prev_hash = ?, hash = ? WHERE id = ?", (ref, prev, h, rid))
        prev = h


def test_the_config_folder_keeps_a_signed_checkpoint(folder: Path, config: Path) -> None:
    (path,) = (config / anchors.ANCHOR_DIR).iterdir()
    anchor = anchors.Anchor.from_bytes(path.read_bytes())
    assert anchor.signed is not None and anchors.authentic(anchor.signed, anchor.verify_key)
    assert anchor.seen.count == anchor.signed.count > 5


@pytest.mark.parametrize(("attack", "finding"), [(_cut, "shrank"), (_re_chain, "forked")])
def test_a_cut_or_re_chained_log_is_reported_at_unlock_and_by_verify(
    folder: Path, attack: Any, finding: str, cli: Any
) -> None:
    conn = _raw(folder)
    attack(conn)
    assert audit.verify(conn) == []  # the attack: the chain inside the database looks whole
    conn.close()
    with pytest.raises(anchors.VaultWentBack, match=finding):
        Vault.open(folder, "coord", PASSPHRASE)
    env = {"DV_FORUM_VAULT": str(folder)}
    code, _, err = cli("audit", "verify", env=env)
    assert code != 0 and finding in err and "audit accept" in err
    code, out, _ = cli("audit", "accept", env=env)
    assert code == 0 and "recorded" in out
    vault = Vault.open(folder, "coord", PASSPHRASE)
    assert [r.action for r in audit.rows(vault.conn, action="audit.accepted")] == ["audit.accepted"]
    vault.close()


def test_only_a_coordinator_may_accept(folder: Path) -> None:
    vault = Vault.open(folder, "coord", PASSPHRASE)
    vault.add_user("ann", "outreach", "ann's own passphrase 7", PASSPHRASE)
    vault.close()
    conn = _raw(folder)
    _cut(conn, 1)
    conn.close()
    with pytest.raises(anchors.VaultWentBack):
        Vault.open(folder, "ann", "ann's own passphrase 7", accept=True)


def test_a_backup_with_a_cut_log_is_refused_at_restore(folder: Path, tmp_path: Path) -> None:
    vault = Vault.open(folder, "coord", PASSPHRASE)
    good = vault.backup(tmp_path / "good.dvbak")
    vault.close()
    checkpoint = read_checkpoint(good)
    assert checkpoint is not None
    # The attack: restore the backup's files, cut the log, and make a backup again with the old
    # (signed) checkpoint, or with an edited one.
    from dv_forum.vault.backup import restore_files

    restore_files(good, tmp_path / "unpacked")
    conn = _raw(tmp_path / "unpacked")
    _cut(conn)
    header = Header.load(tmp_path / "unpacked")
    write_backup(tmp_path / "cut.dvbak", conn, header, checkpoint=checkpoint)
    from dataclasses import replace

    write_backup(tmp_path / "forged.dvbak", conn, header, checkpoint=replace(checkpoint, count=3))
    conn.close()
    with pytest.raises(BackupDamaged, match="shrank"):
        Vault.restore(tmp_path / "cut.dvbak", tmp_path / "r1", "coord", PASSPHRASE)
    with pytest.raises(BackupDamaged, match="does not verify"):
        Vault.restore(tmp_path / "forged.dvbak", tmp_path / "r2", "coord", PASSPHRASE)
    assert not (tmp_path / "r1").exists() and not (tmp_path / "r2").exists()
    Vault.restore(good, tmp_path / "r3", "coord", PASSPHRASE).close()
