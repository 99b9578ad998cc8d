"""Issue 15 item 11: "remember on this device" stays on the device. A backup carries no keyring
slot (so the device's keyring secret does not open a backup), and rotate-key removes the secret
whose slot it dropped. A fake keyring backend only, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.vault import Vault, crypto, keyring_slot
from dv_forum.vault.backup import read_backup_header, restore_files
from dv_forum.vault.header import Header
from dv_forum.vault.sealed import open_slot
from tests.conftest import FLOOR_KDF, PASSPHRASE, MemoryKeyring


@pytest.fixture
def remembered(tmp_path: Path, fake_keyring: MemoryKeyring) -> Vault:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    keyring_slot.enable(vault, PASSPHRASE)
    return vault


def test_a_backup_does_not_open_with_the_devices_keyring_secret(
    remembered: Vault, fake_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    remembered.backup(tmp_path / "b.dvbak")
    remembered.close()
    header = read_backup_header(tmp_path / "b.dvbak")
    assert header.slot_of_kind("keyring") is None
    # The attack: the backup plus the secret the device's keyring holds.
    (secret,) = fake_keyring.store.values()
    restore_files(tmp_path / "b.dvbak", tmp_path / "copy")
    for slot in Header.load(tmp_path / "copy").slots:
        with pytest.raises(crypto.UnwrapFailed):
            open_slot(header, slot, bytes.fromhex(secret))
    with pytest.raises(UserError, match="not remembered"):
        keyring_slot.open_remembered(tmp_path / "copy", "coord")
    keyring_slot.open_remembered(remembered.folder, "coord").close()  # the vault itself still does


def test_rotate_key_removes_the_stale_keyring_secret(remembered: Vault, fake_keyring: MemoryKeyring) -> None:
    assert fake_keyring.store
    remembered.rotate_key(PASSPHRASE)
    remembered.close()
    assert fake_keyring.store == {}
    with pytest.raises(UserError, match="not remembered"):
        keyring_slot.open_remembered(remembered.folder, "coord")


def test_a_passphrase_change_keeps_remembering(remembered: Vault, fake_keyring: MemoryKeyring) -> None:
    remembered.change_passphrase(PASSPHRASE, "another fine passphrase 42")
    remembered.close()
    assert fake_keyring.store
    keyring_slot.open_remembered(remembered.folder, "coord").close()
