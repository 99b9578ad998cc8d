"""IDVA capacity: referrals and open caseloads per IDVA against benchmarks scaled by hours."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.settings import set_setting
from dv_forum.stats.idva import idva_capacity, parse_hours
from dv_forum.stats.settings import IDVA_HOURS
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE
from tests.reliability import seed


def _world(v: Vault) -> None:
    # IDVA 1: 30 referrals in FY2025/26, 25 still open; IDVA 2 (half time): 60, 45 open; 5 unallocated.
    for i in range(30):
        rid = seed.add_referral(v, f"A-{i}", f"2025-{4 + i % 9:02d}-10")
        v.conn.execute(
            "UPDATE referrals SET idva = 'IDVA 1', status = ? WHERE id = ?",
            ("open" if i < 25 else "closed", rid),
        )
    for i in range(60):
        rid = seed.add_referral(v, f"B-{i}", "2025-06-01")
        v.conn.execute(
            "UPDATE referrals SET idva = 'IDVA 2', status = ? WHERE id = ?",
            ("open" if i < 45 else "closed", rid),
        )
    seed.add_referral(v, "OLD", "2024-01-01")
    v.conn.execute("UPDATE referrals SET idva = 'IDVA 1' WHERE case_ref = 'OLD'")
    for i in range(5):
        seed.add_referral(v, f"U-{i}", "2025-07-01")


def test_referrals_and_caseloads_against_the_benchmarks(vault: Vault) -> None:
    _world(vault)
    with vault.transaction() as conn:
        set_setting(conn, IDVA_HOURS, "idva 2=18.75")
    cap = idva_capacity(vault, date(2025, 4, 1), date(2026, 3, 31))
    one, two = cap.idvas
    assert (one.idva, one.fte, one.referrals, one.expected_referrals, one.referrals_pct) == (
        "IDVA 1",
        1.0,
        30,
        100.0,
        30.0,
    )
    # OLD is open and IDVA 1's: in the caseload though referred before the period.
    assert (one.caseload, one.caseload_low, one.caseload_high, one.caseload_status) == (
        26,
        60.0,
        80.0,
        "under",
    )
    assert (two.fte, two.referrals, two.expected_referrals, two.referrals_pct) == (0.5, 60, 50.0, 120.0)
    assert (two.caseload, two.caseload_low, two.caseload_high, two.caseload_status) == (
        45,
        30.0,
        40.0,
        "over",
    )
    assert (cap.unallocated_referrals, cap.unallocated_open, cap.total_fte) == (5, 5, 1.5)
    quarter = idva_capacity(vault, date(2025, 4, 1), date(2025, 6, 30))
    assert quarter.idvas[0].expected_referrals == 25.0


def test_bad_hours_are_refused_with_the_form_to_use() -> None:
    assert parse_hours("IDVA 1=37.5; IDVA 2 = 22.5") == {"idva 1": 37.5, "idva 2": 22.5}
    with pytest.raises(UserError, match="IDVA 1=37.5"):
        parse_hours("IDVA 1 full time")


def test_cli_json(cli, tmp_path) -> None:
    v, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        _world(v)
    finally:
        v.close()
    code, out, err = cli("stats", "idva", "--from", "2025-04-01", "--to", "2026-03-31", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [(i["idva"], i["referrals"], i["caseload_status"]) for i in data["idvas"]] == [
        ("IDVA 1", 30, "under"),
        ("IDVA 2", 60, "under"),
    ]
    code, out, _ = cli("stats", "idva", "--from", "2025-04-01", "--to", "2026-03-31")
    assert "IDVA 2" in out and "60-80" in out
