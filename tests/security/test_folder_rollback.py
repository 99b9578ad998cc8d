"""S21 / issue 15 item 5: putting an older copy of the whole vault folder back is noticed. A change
counter in the database is also kept in the config folder; an older copy is refused at unlock
(CLI and app) with what to do, never silently accepted."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dv_forum.vault import Vault, anchors
from tests.conftest import FLOOR_KDF, PASSPHRASE

NEW = "a fresh passphrase for later"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def rolled_back(tmp_path: Path, config: Path) -> Path:
    return roll_back(tmp_path)


def roll_back(tmp_path: Path) -> Path:
    """A vault whose folder was copied, then changed (passphrase, data), then the copy put back."""
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    shutil.copytree(folder, tmp_path / "old-copy")
    vault = Vault.open(folder, "coord", PASSPHRASE)
    vault.change_passphrase(PASSPHRASE, NEW)
    with vault.transaction():
        vault.conn.execute("INSERT INTO lists (kind, value) VALUES ('locality', 'Added later')")
    vault.close()
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "old-copy", folder)
    return folder


def test_an_older_copy_of_the_folder_is_reported_at_unlock(rolled_back: Path) -> None:
    with pytest.raises(anchors.VaultWentBack, match="older copy") as caught:
        Vault.open(rolled_back, "coord", PASSPHRASE)
    assert "restore your latest backup" in caught.value.next_step


def test_the_cli_reports_it_and_accept_takes_it_on_purpose(rolled_back: Path, cli: Any) -> None:
    env = {"DV_FORUM_VAULT": str(rolled_back)}
    code, _, err = cli("verify", env=env)
    assert code != 0 and "older copy" in err and "audit accept" in err
    assert cli("audit", "accept", env=env)[0] == 0
    assert cli("verify", env=env)[0] == 0


def test_a_counter_only_rollback_is_caught_even_with_a_longer_log(rolled_back: Path, config: Path) -> None:
    """The change counter alone: the older copy with more audit rows than the anchor saw."""
    (anchor_file,) = (config / anchors.ANCHOR_DIR).iterdir()
    anchor = anchors.Anchor.from_bytes(anchor_file.read_bytes())
    vault = Vault.open(rolled_back, "coord", PASSPHRASE, accept=True)
    assert anchors.generation(vault.conn) < anchor.generation
    vault.close()
    anchor_file.write_bytes(
        anchors.Anchor(
            anchor.seen.__class__(anchor.seen.vault_id, 0, anchor.seen.head_hash),
            None,
            None,
            anchor.generation,
        ).to_bytes()
    )
    with pytest.raises(anchors.VaultWentBack, match="older copy"):
        Vault.open(rolled_back, "coord", PASSPHRASE)
