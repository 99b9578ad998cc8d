"""S2 extended: a damaged vault is reported as damaged (never as a wrong passphrase), nothing is opened
for writing, and the latest backup restores to a working vault with the same data."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from dv_forum.errors import VaultDamaged
from dv_forum.vault import KdfParams, Vault
from dv_forum.vault.header import DB_NAME
from tests.conftest import PASSPHRASE

PAGE = 4096


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


def _rows(v: Vault) -> list[tuple[str, str, int]]:
    return [tuple(r) for r in v.conn.execute("SELECT month, area, count FROM incident_counts ORDER BY 1, 2")]


def _damage_page(where: str) -> Callable[[bytearray], None]:
    def damage(data: bytearray) -> None:
        pages = len(data) // PAGE
        index = {"first": 0, "middle": pages // 2, "last": pages - 1}[where]
        start = index * PAGE + 200
        data[start : start + 64] = bytes(b ^ 0x5A for b in data[start : start + 64])

    return damage


def _truncate(data: bytearray) -> None:
    del data[len(data) - PAGE // 2 :]


@pytest.mark.parametrize(
    "damage",
    [_damage_page("first"), _damage_page("middle"), _damage_page("last"), _truncate],
    ids=["first-page", "middle-page", "last-page", "truncated"],
)
def test_damaged_vault_is_reported_as_damage_opens_nothing_for_writing_and_restores(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]], damage: Callable[[bytearray], None]
) -> None:
    folder = tmp_path / "vault"
    v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=KdfParams())
    with v.transaction():
        v.conn.executemany(
            "INSERT INTO incident_counts (month, area, count) VALUES (?, ?, ?)",
            [(f"{2000 + i // 12}-{i % 12 + 1:02d}", f"area {i % 7}", i) for i in range(1500)],
        )
    expected = _rows(v)
    v.backup(tmp_path / "latest.dvbackup")
    v.close()
    db = folder / DB_NAME
    data = bytearray(db.read_bytes())
    assert len(data) > 8 * PAGE
    damage(data)
    db.write_bytes(bytes(data))
    before = _digest(folder)

    with pytest.raises(VaultDamaged) as err:
        Vault.open(folder, "coord", PASSPHRASE)
    assert "damaged" in err.value.message and "passphrase" not in err.value.message
    assert "backup" in err.value.next_step
    code, out, stderr = cli("verify")
    assert code == 1 and "damaged" in stderr and "passphrase" not in stderr.split(".")[0]
    assert "Traceback" not in stderr
    # Nothing was written: same files, same bytes, no journal or WAL created beside the database.
    assert _digest(folder) == before

    code, out, stderr = cli("restore", str(tmp_path / "latest.dvbackup"), "--to", str(tmp_path / "restored"))
    assert code == 0, stderr
    restored = Vault.open(tmp_path / "restored", "coord", PASSPHRASE)
    try:
        assert _rows(restored) == expected
        assert restored.verify() == []
    finally:
        restored.close()
