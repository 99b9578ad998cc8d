"""Purge and erasure of cases whose minutes are at an approved meeting (the schema locks those):
the one audited path past the lock, and a user error for any other change to approved minutes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dv_forum.cases import retention
from dv_forum.demo import create_demo
from dv_forum.errors import UserError
from dv_forum.settings import set_setting
from dv_forum.vault import Vault
from tests.reliability import seed

TODAY = date(2026, 6, 15)


def _approved_world(v: Vault) -> dict[str, int]:
    meeting = seed.add_meeting(v, "2018-03-01")
    ids = {}
    for ref in ("OLD-1", "OLD-2", "KEEP-1"):
        closed = "2019-02-01" if ref.startswith("OLD") else None
        ids[ref] = seed.add_referral(
            v, ref, "2018-01-10", status="closed" if closed else "open", closed_date=closed
        )
        seed.hear(v, meeting, ids[ref], ref)
    with v.transaction():
        v.conn.execute("UPDATE meetings SET status = 'approved' WHERE id = ?", (meeting,))
    return ids


def _minutes(v: Vault) -> int:
    return int(v.conn.execute("SELECT count(*) FROM minutes").fetchone()[0])


def test_purge_removes_cases_with_approved_minutes_and_audits_the_unlock(vault: Vault) -> None:
    _approved_world(vault)
    result = retention.purge(vault, TODAY)
    assert result.purged == 2
    assert _minutes(vault) == 1  # the open case keeps its approved minutes
    unlocks = vault.conn.execute(
        "SELECT ref, detail FROM audit WHERE action = 'minutes.unlock' ORDER BY ref"
    ).fetchall()
    assert [r[0] for r in unlocks] == ["OLD-1", "OLD-2"]
    assert all("retention purge" in r[1] and "2018-03-01" in r[1] for r in unlocks)
    # The lock is closed again after the purge.
    assert vault.conn.execute("SELECT count(*) FROM minutes_unlock").fetchone()[0] == 0
    with pytest.raises(UserError, match="locked"), vault.transaction():
        vault.conn.execute("DELETE FROM minutes")
    assert _minutes(vault) == 1


def test_erasure_removes_a_case_with_approved_minutes(vault: Vault) -> None:
    _approved_world(vault)
    retention.erase_case(vault, "KEEP-1", "entered on the wrong vault")
    refs = {r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")}
    assert refs == {"OLD-1", "OLD-2"}
    assert _minutes(vault) == 2
    row = vault.conn.execute("SELECT ref, detail FROM audit WHERE action = 'minutes.unlock'").fetchone()
    assert row[0] == "KEEP-1" and row[1].startswith("erasure")


def test_any_other_change_to_approved_minutes_is_a_user_error(vault: Vault) -> None:
    ids = _approved_world(vault)
    for sql in (
        "UPDATE minutes SET info_shared = 'changed'",
        f"DELETE FROM minutes WHERE referral_id = {ids['KEEP-1']}",
    ):
        with pytest.raises(UserError) as caught, vault.transaction():
            vault.conn.execute(sql)
        assert "nothing was changed" in caught.value.message
    assert _minutes(vault) == 3


def test_demo_vault_cases_with_approved_minutes_can_be_erased_and_purged(tmp_path: Path) -> None:
    vault = create_demo(tmp_path / "demo", scale=0.2)
    try:
        row = vault.conn.execute(
            "SELECT r.case_ref FROM minutes n JOIN meetings m ON m.id = n.meeting_id "
            "JOIN referrals r ON r.id = n.referral_id WHERE m.status = 'approved' LIMIT 1"
        ).fetchone()
        assert row is not None
        retention.erase_case(vault, row[0], "test of the erasure path")
        with vault.transaction():
            vault.conn.execute("UPDATE referrals SET status = 'closed', closed_date = '2000-01-01'")
            set_setting(vault.conn, retention.RETENTION_YEARS, 0)
        due = len(retention.report(vault).due)
        assert due > 0
        assert retention.purge(vault).purged == due
    finally:
        vault.close()
