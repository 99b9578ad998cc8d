"""Issue 15 item 11: a restore refused after the passphrase was accepted (a role that may not
restore, a backup that fails its checks) leaves an audit row, written at the vault's next unlock
on this computer: the checked copy it was refused in is discarded with its own log."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.errors import PermissionDenied
from dv_forum.vault import Vault, audit
from tests.conftest import FLOOR_KDF, PASSPHRASE

ANN = "ann's own passphrase 7"


def test_a_restore_refused_to_an_outreach_worker_is_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("ann", "outreach", ANN, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.backup(tmp_path / "b.dvbak")
    vault.close()
    with pytest.raises(PermissionDenied):
        Vault.restore(tmp_path / "b.dvbak", tmp_path / "restored", "ann", ANN)
    assert not (tmp_path / "restored").exists()
    vault = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    rows = audit.rows(vault.conn, action="restore.refused")
    assert [r.detail for r in rows] == ["by ann: not allowed for this role"]
    vault.close()
    vault = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)  # written once, not at every unlock
    assert len(audit.rows(vault.conn, action="restore.refused")) == 1
    vault.close()
