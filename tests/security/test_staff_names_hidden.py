"""S: the vault header and every backup are readable without a passphrase; they must not say who
works here. Slots carry a slow, salted tag of the name; the name itself is sealed inside the slot."""

from __future__ import annotations

import shutil
from pathlib import Path

from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.header import Header, is_tag
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STAFF = ("coordinatorname", "annoutreach", "beachair")
OTHER = "another good passphrase"


def test_header_and_backup_name_no_one(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", STAFF[0], PASSPHRASE, kdf=KdfParams())
    vault.add_user(STAFF[1], "outreach", PASSPHRASE, PASSPHRASE)
    vault.add_user(STAFF[2], "chair", PASSPHRASE, PASSPHRASE)
    vault.backup(tmp_path / "b.dvbak")
    vault.close()
    for blob in ((tmp_path / "v" / "vault.header").read_bytes(), (tmp_path / "b.dvbak").read_bytes()):
        for name in STAFF:
            assert name.encode() not in blob and name.upper().encode() not in blob
    header = Header.load(tmp_path / "v")
    assert header.users() == [] and all(is_tag(s.user) for s in header.slots if s.kind == "passphrase")
    # Each still unlocks by her name, typed in any case, and the vault knows her real name.
    opened = Vault.open(tmp_path / "v", STAFF[1].upper(), PASSPHRASE)
    assert opened.user.name == STAFF[1]
    opened.close()


def test_the_same_name_gets_a_different_tag_in_another_vault(tmp_path: Path) -> None:
    tags = []
    for folder in ("a", "b"):
        Vault.create(tmp_path / folder, "ann", PASSPHRASE, kdf=KdfParams())[0].close()
        tags.append(Header.load(tmp_path / folder).slots[0].user)
    assert tags[0] != tags[1]  # a tag seen in one vault's header says nothing about another's


def test_a_header_from_before_loses_each_name_when_its_user_unlocks(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    shutil.copytree(FIXTURES / "vault-v1", folder)
    assert b'"ann"' in (folder / "vault.header").read_bytes()
    Vault.open(folder, "ann", "demo vault passphrase").close()
    after = (folder / "vault.header").read_bytes()
    assert b'"ann"' not in after and b'"bea"' in after  # bea has not unlocked since
    Vault.open(folder, "ann", "demo vault passphrase").close()  # her tagged slot opens


def test_a_passphrase_change_keeps_everyone_elses_tags_working(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", "coord", PASSPHRASE, kdf=KdfParams())
    vault.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    vault.change_passphrase(PASSPHRASE, OTHER)
    vault.close()
    Vault.open(tmp_path / "v", "ann", PASSPHRASE).close()
    Vault.open(tmp_path / "v", "coord", OTHER).close()
