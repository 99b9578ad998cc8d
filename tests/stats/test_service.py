import json
from datetime import date

import pytest

from dv_forum.errors import PermissionDenied
from dv_forum.stats import service
from dv_forum.stats.periods import fy_quarter
from dv_forum.stats.report_tables import breakdown_table
from tests.stats.stats_helpers import referral


def test_outreach_worker_cannot_see_stats(vault_factory):
    worker = vault_factory("outreach")
    with pytest.raises(PermissionDenied):
        service.repeat(worker, date(2025, 4, 1), date(2026, 3, 31))


def test_export_is_suppressed_formula_safe_and_audited(vault, tmp_path):
    for i in range(7):
        referral(
            vault.conn,
            "2025-05-01",
            f"V{i}",
            heard_date="2025-05-07",
            area='=HYPERLINK("x")' if i < 2 else "Coalville",
        )
    b = service.breakdowns(vault, fy_quarter(2025, 1), ["locality"], trend=1)
    out = tmp_path / "b.csv"
    service.export_tables(vault, out, [breakdown_table(b[0])], "breakdown")
    text = out.read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "<5" in text
    assert ",5\r\n" in text  # Coalville, five cases: a number in the spreadsheet
    assert vault.conn.execute("SELECT count(*) FROM audit WHERE action = 'stats.export'").fetchone()[0] == 1


def test_settings_change_display_and_basis(vault, cli):
    referral(vault.conn, "2025-05-01", "A", is_repeat=1)
    for i in range(40):
        referral(vault.conn, "2025-05-02", f"B{i}", is_repeat=int(i < 5))
    assert cli("settings", "set", "stats.basis", "referred")[0] == 0
    assert cli("settings", "set", "stats.display", "truncate")[0] == 0
    code, out, _ = cli("stats", "repeat", "--from", "2025-04-01", "--to", "2025-06-30")
    assert "14%" in out  # 6 of 41 = 14.6%, truncated
    code, out, _ = cli("stats", "repeat", "--from", "2025-04-01", "--to", "2025-06-30", "--json")
    data = json.loads(out)
    assert data["total"]["rate"] == 14.6 and data["rules"]["display"] == "truncate"
    assert cli("settings", "set", "stats.suppress_small", "off")[0] == 0
    code, out, _ = cli("stats", "breakdown", "--quarter", "2025-Q1", "--by", "locality,repeat")
    assert "<5" not in out
    assert cli("stats", "breakdown", "--quarter", "2025-Q1", "--by", "names")[0] == 1
