"""Issue 15 item 11: vault files are not followed through links; a restore leaves existing folders alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.vault import Vault
from dv_forum.vault.header import DB_NAME, HEADER_NAME
from tests.conftest import FLOOR_KDF, PASSPHRASE


@pytest.mark.parametrize("name", [DB_NAME, HEADER_NAME])
def test_a_symlinked_vault_file_is_refused(vault_dir: Path, tmp_path: Path, name: str) -> None:
    Vault.create(vault_dir, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0].close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(vault_dir / name, elsewhere / name)
    (vault_dir / name).symlink_to(elsewhere / name)
    with pytest.raises(UserError) as err:
        Vault.open(vault_dir, "coord", PASSPHRASE)
    assert "link" in err.value.message


def test_restore_leaves_an_existing_parent_folders_permissions_alone(vault_dir: Path, tmp_path: Path) -> None:
    v = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0]
    backup = v.backup(tmp_path / "b.dvbak")
    v.close()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    Vault.restore(backup, shared / "restored", "coord", PASSPHRASE).close()
    assert shared.stat().st_mode & 0o777 == 0o755
    assert (shared / "restored").stat().st_mode & 0o777 == 0o700
