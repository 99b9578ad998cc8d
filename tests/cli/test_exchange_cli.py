"""Devices and exchange on the command line: enrol, join, send, receive, conflicts, revoke."""

from __future__ import annotations

import json
from pathlib import Path

from dv_forum.exchange import journal
from dv_forum.vault import Vault
from tests.conftest import PASSPHRASE

ANN_PASS = "ann's own long passphrase 2026"


def _change(folder: Path, user: str, value: str) -> None:
    v = Vault.open(folder, user, ANN_PASS if user == "ann" else PASSPHRASE)
    try:
        with v.transaction() as conn:
            journal.record_change(conn, "client:1", {"locality": value}, audience="ann")
    finally:
        v.close()


def _setup(cli, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, out, err = cli(
        "devices", "enrol", "ann", "--role", "outreach", "--out", str(tmp_path / "ann.dve"), "--json"
    )
    assert code == 0, err
    enrolled = json.loads(out)
    ann = {
        "DV_FORUM_VAULT": str(tmp_path / "ann"),
        "DV_FORUM_ENROL_CODE": enrolled["code"],
        "DV_FORUM_PASSPHRASE": ANN_PASS,
        "DV_FORUM_NEW_PASSPHRASE": ANN_PASS,
    }
    code, out, err = cli("join", str(tmp_path / "ann.dve"), env=ann)
    assert code == 0, err
    assert enrolled["fingerprint"] not in out  # her side shows the coordinator's words, not her own
    return ann


def test_enrol_join_send_receive_and_conflicts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ann = _setup(cli, tmp_path)
    _change(tmp_path / "vault", "coordinator", "North")
    code, out, err = cli("exchange", "send", "--to", "ann", "--out", str(tmp_path / "box"), "--json")
    assert code == 0, err
    code, out, err = cli("exchange", "receive", str(tmp_path / "box"), "--json", env=ann)
    assert code == 0, err
    assert json.loads(out) == {"applied": 1, "duplicates": 0, "held": 0, "conflicts": 0}
    code, out, _ = cli("exchange", "receive", str(tmp_path / "box"), "--json", env=ann)
    assert json.loads(out)["duplicates"] == 1
    v = Vault.open(tmp_path / "ann", "ann", ANN_PASS)
    assert v.user.role.value == "outreach"
    assert v.conn.execute("SELECT count(*) FROM secrets WHERE name = 'linkage'").fetchone()[0] == 0
    v.close()
    _change(tmp_path / "ann", "ann", "West")
    _change(tmp_path / "vault", "coordinator", "East")
    assert cli("exchange", "send", "--out", str(tmp_path / "up"), env=ann)[0] == 0
    code, out, _ = cli("exchange", "receive", str(tmp_path / "up"), "--json")
    assert json.loads(out)["conflicts"] == 1
    code, out, _ = cli("exchange", "conflicts", "--json")
    [c] = json.loads(out)["conflicts"]
    assert {c["ours"], c["theirs"]} == {"East", "West"} and c["by"] == "ann"
    assert cli("exchange", "resolve", str(c["id"]), "--keep", "theirs")[0] == 0
    assert json.loads(cli("exchange", "conflicts", "--json")[1]) == {"conflicts": []}
    code, out, _ = cli("audit", "list", "--json")
    actions = {r["action"] for r in json.loads(out)["audit"]}
    assert {
        "exchange.enrol",
        "exchange.send",
        "exchange.receive",
        "exchange.conflict",
        "exchange.resolve",
    } <= actions


def test_revoked_device_is_refused_with_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ann = _setup(cli, tmp_path)
    assert cli("exchange", "send", "--out", str(tmp_path / "up"), env=ann)[0] == 0
    code, out, _ = cli("devices", "list", "--json")
    assert [d["name"] for d in json.loads(out)["devices"]] == ["ann"]
    assert cli("devices", "revoke", "ann")[0] == 0
    code, out, err = cli("exchange", "receive", str(tmp_path / "up"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "revoked device" in err


def test_flipped_byte_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ann = _setup(cli, tmp_path)
    assert cli("exchange", "send", "--out", str(tmp_path / "up"), env=ann)[0] == 0
    [f] = list((tmp_path / "up").iterdir())
    data = bytearray(f.read_bytes())
    data[-5] ^= 0x40
    f.write_bytes(bytes(data))
    code, _, err = cli("exchange", "receive", str(f))
    assert code == 1 and err.count("\n") == 1 and "altered" in err


def test_s19_her_passphrase_opens_only_her_own_vault(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With an outreach worker's passphrase and every vault folder and backup: whatever her slots
    unwrap holds no referral, no other worker's client and no linkage secret."""
    from dv_forum.vault import crypto as vcrypto
    from dv_forum.vault.db import open_db
    from dv_forum.vault.header import Header
    from dv_forum.vault.slots import unwrap_passphrase

    ann = _setup(cli, tmp_path)
    code, out, _ = cli(
        "devices", "enrol", "bea", "--role", "outreach", "--out", str(tmp_path / "b.dve"), "--json"
    )
    bea = {"DV_FORUM_VAULT": str(tmp_path / "bea"), "DV_FORUM_ENROL_CODE": json.loads(out)["code"]}
    assert cli("join", str(tmp_path / "b.dve"), env=bea)[0] == 0
    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    with v.transaction() as conn:
        journal.record_change(conn, "client:1", {"code": "WA-ANN"}, audience="ann")
        journal.record_change(conn, "client:2", {"code": "WA-BEA"}, audience="bea")
    v.close()
    for who in ("ann", "bea"):
        assert cli("exchange", "send", "--to", who, "--out", str(tmp_path / who / "in"))[0] == 0
    assert cli("exchange", "receive", str(tmp_path / "ann" / "in"), env=ann)[0] == 0
    assert cli("backup", str(tmp_path / "coord.dvbak"))[0] == 0
    opened = []
    for folder in (tmp_path / "vault", tmp_path / "ann", tmp_path / "bea"):
        # The header names nobody; the attacker knows the staff and tries every name (and none).
        for user in ("", "coord", "ann", "bea", "chair"):
            try:
                key = unwrap_passphrase(Header.load(folder), user, ANN_PASS)
            except vcrypto.UnwrapFailed:
                continue
            opened.append(folder.name)
            conn = open_db(folder / Vault.db_path(folder).name, key)
            assert conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM secrets WHERE name = 'linkage'").fetchone()[0] == 0
            values = [r[0] for r in conn.execute("SELECT value FROM exchange_fields")]
            assert values == ["WA-ANN"]
            conn.close()
    assert set(opened) == {"ann"}  # by her name, and by no name (she is that vault's only user)
    assert b"WA-BEA" not in (tmp_path / "coord.dvbak").read_bytes()


def test_a_shared_folder_holding_another_devices_bundle_is_fine(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ann = _setup(cli, tmp_path)
    code, out, _ = cli(
        "devices", "enrol", "anna", "--role", "outreach", "--out", str(tmp_path / "a.dve"), "--json"
    )
    _change(tmp_path / "vault", "coordinator", "North")
    for who in ("ann", "anna"):
        assert cli("exchange", "send", "--to", who, "--out", str(tmp_path / "shared"))[0] == 0
    code, out, err = cli("exchange", "receive", str(tmp_path / "shared"), "--json", env=ann)
    assert code == 0, err
    assert json.loads(out)["applied"] == 1
