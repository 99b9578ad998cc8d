"""S20: a passphrase change cuts access. Someone who learned a user's old passphrase and kept a copy
of the header (or of the whole folder, or a backup) from before the change opens nothing written
afterwards; the other users keep their own passphrases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.vault import Vault, db, keyring_slot
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header
from dv_forum.vault.slots import unwrap_passphrase
from tests.conftest import FLOOR_KDF, PASSPHRASE

ANN_OLD = "ann's own passphrase 7"
ANN_NEW = "ann's brand new passphrase 9"
BEA = "bea's own passphrase 8"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("ann", "outreach", ANN_OLD, PASSPHRASE)
    vault.add_user("bea", "outreach", BEA, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    return tmp_path / "vault"


def _add_marker(folder: Path, marker: str) -> None:
    vault = Vault.open(folder, "coord", PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("INSERT INTO lists (kind, value) VALUES ('locality', ?)", (marker,))
    vault.close()


def test_the_old_header_and_old_passphrase_open_nothing_written_after_passwd(
    folder: Path, tmp_path: Path
) -> None:
    old_header = (folder / HEADER_NAME).read_bytes()
    ann = Vault.open(folder, "ann", ANN_OLD)
    rekeyed = ann.change_passphrase(ANN_OLD, ANN_NEW)
    ann.close()
    assert rekeyed.temporary == {} and rekeyed.recovery is None  # nobody else is disturbed
    _add_marker(folder, "ADDED-AFTER-PASSWD")

    # The attack: the old header, the old passphrase and a copy of today's files.
    old_key = unwrap_passphrase(Header.from_bytes(old_header), "ann", ANN_OLD)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with pytest.raises(db.DatabaseError):
        db.open_db(copy / DB_NAME, old_key).execute("SELECT value FROM lists").fetchall()
    (copy / HEADER_NAME).write_bytes(old_header)
    with pytest.raises(UserError):
        Vault.open(copy, "ann", ANN_OLD)

    # Everyone else still opens with their own passphrase; ann with her new one only.
    for user, passphrase in (("ann", ANN_NEW), ("bea", BEA), ("coord", PASSPHRASE)):
        Vault.open(folder, user, passphrase).close()
    with pytest.raises(UserError):
        Vault.open(folder, "ann", ANN_OLD)


def test_a_coordinators_change_keeps_the_recovery_key_and_remembered_devices(
    folder: Path, fake_keyring: object
) -> None:
    vault, recovery = Vault.create(folder.parent / "second", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    keyring_slot.enable(vault, PASSPHRASE)
    vault.change_passphrase(PASSPHRASE, ANN_NEW)
    vault.close()
    keyring_slot.open_remembered(folder.parent / "second", "coord").close()
    Vault.open_with_recovery(folder.parent / "second", recovery, "coord", PASSPHRASE).close()
    Vault.open(folder.parent / "second", "coord", PASSPHRASE).close()
