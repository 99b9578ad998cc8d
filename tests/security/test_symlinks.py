"""Issue 15 item 11: a vault file replaced by a symbolic link is refused, not followed."""

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
