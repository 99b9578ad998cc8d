"""A user who leaves is removed for good (S19-S20): with her passphrase and a copy of every file
taken after the removal she opens nothing, the header keeps no slot of hers, a later key rotation
does not bring her back, and she cannot unwrap the data key of the new header."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dv_forum.errors import UserError, WrongPassphrase
from dv_forum.vault import Vault
from dv_forum.vault.header import HEADER_NAME, Header
from dv_forum.vault.slots import unwrap_passphrase
from tests.conftest import FLOOR_KDF, PASSPHRASE

ANN = "ann's own passphrase 7"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("ann", "outreach", ANN, PASSPHRASE)
    vault.add_user("bea", "outreach", "bea's own passphrase 8", PASSPHRASE)
    vault.close()
    return tmp_path / "vault"


def test_a_removed_user_opens_nothing_made_after_her_removal(folder: Path, tmp_path: Path) -> None:
    Vault.open(folder, "ann", ANN).close()  # she could, before
    before = tmp_path / "copy-before"
    shutil.copytree(folder, before)
    vault = Vault.open(folder, "coord", PASSPHRASE)
    recovery, temporary = vault.remove_user("ann", PASSPHRASE)
    names = [u.name for u in vault.list_users()]
    vault.close()
    assert names == ["bea", "coord"] and list(temporary) == ["bea"] and recovery
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "ann", ANN)
    after = tmp_path / "copy-after"
    shutil.copytree(folder, after)
    header = Header.load(after)
    assert header.passphrase_slot("ann") is None
    # The attack: her old header (from the copy made before) unwraps the old key, which no longer
    # opens the re-keyed database.
    old_key = unwrap_passphrase(Header.load(before), "ann", ANN)
    shutil.copy(before / HEADER_NAME, after / HEADER_NAME)
    with pytest.raises(UserError):
        Vault.open(after, "ann", ANN)
    assert old_key  # what she still holds opens only the copy made before: remade backups matter
    # A later rotation gives slots to the active users only: she stays removed.
    vault = Vault.open(folder, "coord", PASSPHRASE)
    _, again = vault.rotate_key(PASSPHRASE)
    vault.close()
    assert list(again) == ["bea"] and Header.load(folder).passphrase_slot("ann") is None


def test_removing_needs_the_right_passphrase_and_never_oneself(folder: Path) -> None:
    vault = Vault.open(folder, "coord", PASSPHRASE)
    try:
        with pytest.raises(WrongPassphrase):
            vault.remove_user("ann", "not my passphrase at all")
        with pytest.raises(UserError, match="yourself"):
            vault.remove_user("coord", PASSPHRASE)
        with pytest.raises(UserError, match="no user called"):
            vault.remove_user("zed", PASSPHRASE)
        assert [u.name for u in vault.list_users()] == ["ann", "bea", "coord"]
    finally:
        vault.close()
    Vault.open(folder, "ann", ANN).close()  # nothing changed
