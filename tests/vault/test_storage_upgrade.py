"""Stored vaults of every released schema version open and upgrade (Electrum's test_storage_upgrade).

tests/fixtures/vault-v1 is a small demo vault written by the version-1 program; it is never rewritten.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib import resources
from pathlib import Path

from dv_forum.vault import Vault, migrations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN_PASSPHRASE = "demo vault passphrase"

# Version 1 is frozen: editing these files would change what existing vaults were created with.
V1_SHA256 = {
    "cases": "a8ce0b06c5d78f2abae122a84eafdd400a227236df2891898bb40803e1f93ebe",
    "core": "5bd8ab8141166e2602022999e3ca8f857d99c13218aac4838c9bab23b02c382e",
    "freedom": "b567377c8fbb744d4e0d3752cc6c44ccdaf269dfdfd71881e69ac6cd58730b4b",
    "marac": "11657f85c48f3f741d3eae1711a9875bc46890185aca7c0148a3eb4122f6267e",
    "outreach": "d94ecf1b2d19bb8545dbdb6bc17f56672c8132a769c7784c7e14afd488563144",
    "stats": "179af5a3b873db9adb92003b4f67a936256b5bee958e4c88397ceeb12e5d25f0",
}


def test_version_1_schema_files_are_frozen() -> None:
    folder = resources.files("dv_forum.vault").joinpath("schema", "v1")
    for name in migrations.AREA_FILES:
        digest = hashlib.sha256(folder.joinpath(f"{name}.sql").read_bytes()).hexdigest()
        assert digest == V1_SHA256[name], f"schema/v1/{name}.sql changed: add a step instead"


def test_a_version_1_vault_upgrades_and_keeps_its_cases(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    shutil.copytree(FIXTURES / "vault-v1", folder)
    vault = Vault.open(folder, "coordinator", GOLDEN_PASSPHRASE)
    try:
        version = migrations.current_version(vault.conn)
        assert version == migrations.SCHEMA_VERSION
        assert vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 20
        assert vault.verify() == []
    finally:
        vault.close()
