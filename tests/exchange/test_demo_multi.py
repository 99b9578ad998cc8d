"""`dv-forum demo --multi`: one vault per person, joined and exchanged once."""

from __future__ import annotations

from pathlib import Path

from dv_forum.demo import DEMO_PASSPHRASE
from dv_forum.exchange import chair
from dv_forum.vault import Vault


def _count(vault: Vault, table: str) -> int:
    return int(vault.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_multi_demo_gives_each_person_their_own_vault(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("demo", "--multi", "--scale", "0.2")
    assert code == 0, err
    folder = tmp_path / "vault"
    coord = Vault.open(folder, "coordinator", DEMO_PASSPHRASE)
    try:
        workers = {r[0] for r in coord.conn.execute("SELECT DISTINCT worker FROM outreach_clients")}
        users = {u.name for u in coord.list_users()}
        for name in ("ann", "bea", "cat", "chair"):
            assert str(folder.parent / f"vault-{name}") in out
            assert name not in users  # split off: her old slot is gone
        ann = Vault.open(folder.parent / "vault-ann", "ann", DEMO_PASSPHRASE)
        try:
            assert ann.user.role.value == "outreach"
            mine = {r[0] for r in ann.conn.execute("SELECT code FROM outreach_clients")}
            assert mine == {
                r[0] for r in coord.conn.execute("SELECT code FROM outreach_clients WHERE worker = 'ann'")
            }
            assert "ann" in workers and _count(ann, "referrals") == 0 and _count(ann, "meetings") == 0
            assert _count(ann, "freedom_cohorts") == _count(coord, "freedom_cohorts")
        finally:
            ann.close()
        ch = Vault.open(folder.parent / "vault-chair", "chair", DEMO_PASSPHRASE)
        try:
            assert _count(ch, "meetings") == _count(coord, "meetings") > 0
            assert _count(ch, "referrals") == 0 and _count(ch, "outreach_clients") == 0
            assert any(p["agenda"] for p in chair.meeting_packs(ch.conn))
        finally:
            ch.close()
    finally:
        coord.close()
