"""S11/issue 15 item 9: the header's KDF settings have a ceiling, and each slot is judged on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.header import HEADER_NAME, Header, KdfDowngrade
from tests.conftest import PASSPHRASE


@pytest.fixture
def two_user_vault(vault_dir: Path) -> tuple[Path, str]:
    v, recovery = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    v.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    v.close()
    return vault_dir, recovery


def _edit_slot(folder: Path, user: str, **kdf: int) -> None:
    path = folder / HEADER_NAME
    body = json.loads(path.read_text())
    tag = Header.load(folder).name_tag(user)  # slots name their user by a tag
    for slot in body["slots"]:
        if slot["kind"] == "passphrase" and slot["user"] == tag:
            slot["kdf"].update(kdf)
    path.write_text(json.dumps(body))


@pytest.mark.parametrize(
    "edit", [{"iterations": 100_000}, {"memory_kib": 64 * 1024 * 1024}, {"lanes": 100_000}]
)
def test_a_huge_kdf_setting_is_refused_before_any_work(
    two_user_vault: tuple[Path, str], edit: dict[str, int]
) -> None:
    folder, _ = two_user_vault
    _edit_slot(folder, "ann", **edit)
    # Without a ceiling this call hangs for hours or exhausts memory.
    with pytest.raises(KdfDowngrade) as err:
        Vault.open(folder, "ann", PASSPHRASE)
    assert "tampered" in err.value.message


def test_one_tampered_slot_does_not_lock_out_other_users_or_the_recovery_key(
    two_user_vault: tuple[Path, str],
) -> None:
    folder, recovery = two_user_vault
    _edit_slot(folder, "ann", memory_kib=1024, iterations=1)
    with pytest.raises(KdfDowngrade):
        Vault.open(folder, "ann", PASSPHRASE)
    Vault.open(folder, "coord", PASSPHRASE).close()
    v = Vault.open_with_recovery(folder, recovery, "coord", "a brand new passphrase for coord")
    assert v.user.name == "coord"
    v.close()
