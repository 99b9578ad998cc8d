from datetime import date

from bench.stats_bench import insert_referrals, synthetic_referrals
from dv_forum.stats import incidents as cs2
from ui.screens.stats import StatsScreen, recent_quarters


class SyncCtx:
    """Runs operations at once on the test thread (the real shell uses the DB worker thread)."""

    user_name = "coord"
    role = "coordinator"

    def __init__(self, vault):
        self.vault = vault

    def run(self, fn, on_done=None, on_error=None, changes=()):
        result = fn(self.vault)
        if on_done:
            on_done(result)

    def run_pool(self, fn, on_done=None, on_error=None):
        result = fn()
        if on_done:
            on_done(result)


def _seed(vault):
    insert_referrals(vault.conn, list(synthetic_referrals(600, date(2024, 4, 1), date(2025, 12, 31), seed=5)))
    with vault.transaction():
        for m in range(1, 13):
            cs2.set_count(vault.conn, f"2025-{m:02d}", 80 + m)
            cs2.set_count(vault.conn, f"2024-{m:02d}", 75 + m)


def test_recent_quarters():
    qs = recent_quarters(date(2026, 1, 15), 3)
    assert [q.label for q in qs] == ["2025/26 Q4", "2025/26 Q3", "2025/26 Q2"]


def test_screen_loads_charts_and_clears(qtbot, vault, tmp_path):
    _seed(vault)
    screen = StatsScreen(SyncCtx(vault), today=date(2026, 1, 15))
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.on_unlocked()
    assert "2025/26 Q3" in screen.headline.text()
    assert all(chart.series() for chart in screen.charts.values())
    screen.basis_box.setCurrentIndex(1)
    assert "referrals received" in screen.rules_label.text()
    screen.ask_save_path = lambda *a: tmp_path / "report.pdf"
    screen.write_report(half=False)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    screen.ask_save_path = lambda *a: tmp_path / "return.csv"
    screen.export_return()
    assert "Cases discussed" in (tmp_path / "return.csv").read_text("utf-8-sig")
    screen.clear()
    assert screen.headline.text() == ""
    assert not any(chart.series() for chart in screen.charts.values())
