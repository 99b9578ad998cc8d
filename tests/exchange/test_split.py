"""`dv-forum split`: a shared coordinator's vault gives each outreach and chair user a vault of
their own; their old passphrases open nothing written after the split (S19, S20)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.outreach import clients
from dv_forum.vault import Vault
from dv_forum.vault.header import HEADER_NAME
from tests.conftest import FLOOR_KDF, PASSPHRASE

from .vaults import exchange, join

ANN_OLD = "ann's shared vault passphrase 2025"


def _legacy(folder: Path) -> tuple[str, str]:
    vault, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("ann", "outreach", ANN_OLD, PASSPHRASE)
    vault.add_user("bea", "outreach", PASSPHRASE, PASSPHRASE)
    vault.add_user("chair", "chair", PASSPHRASE, PASSPHRASE)
    hers = clients.add_client(vault, "2026-01-05", worker="ann", safe_times="after 3")
    other = clients.add_client(vault, "2026-01-06", worker="bea")
    vault.close()
    return hers, other


def test_split_cuts_old_passphrases_and_joining_brings_her_clients(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hers, _ = _legacy(tmp_path / "vault")
    before = tmp_path / "before"
    shutil.copytree(tmp_path / "vault", before)
    code, out, err = cli("--user", "coord", "split", "--out", str(tmp_path / "enrol"), "--json")
    assert code == 0, err
    got = {e["user"]: e for e in json.loads(out)}
    assert sorted(got) == ["ann", "bea", "chair"]
    assert all(Path(e["file"]).is_file() and e["code"] for e in got.values())
    assert "NEW RECOVERY KEY" in err
    after = tmp_path / "after"
    shutil.copytree(tmp_path / "vault", after)
    with pytest.raises(UserError):
        Vault.open(after, "ann", ANN_OLD)
    (after / HEADER_NAME).write_bytes((before / HEADER_NAME).read_bytes())  # her old slot, current data
    with pytest.raises(UserError):
        Vault.open(after, "ann", ANN_OLD).conn.execute("SELECT count(*) FROM outreach_clients").fetchone()
    own = join(Path(got["ann"]["file"]), got["ann"]["code"], tmp_path / "ann")
    coord = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    try:
        assert exchange(coord, own).applied >= 1
        assert [c.code for c in clients.list_clients(own)] == [hers]
        assert clients.get_client(own, hers).safe_times == "after 3"
        assert own.user.role.value == "outreach"
    finally:
        own.close()
        coord.close()


def test_split_needs_someone_to_split_off(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, _, err = cli("split", "--out", "x")
    assert code != 0 and "no outreach or chair users" in err
