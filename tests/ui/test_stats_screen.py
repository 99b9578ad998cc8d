from datetime import date

from bench.stats_bench import insert_referrals, synthetic_referrals
from dv_forum.stats import incidents as cs2
from tests.ui.screen_ctx import SyncContext
from ui.screens.stats import StatsScreen, recent_quarters


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
    with vault.transaction() as conn:
        conn.execute("UPDATE referrals SET idva = 'IDVA ' || (id % 3 + 1)")
    screen = StatsScreen(SyncContext(vault), today=date(2026, 1, 15))
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.on_unlocked()
    assert "2025/26 Q3" in screen.headline.text()
    assert all(chart.series() for chart in screen.charts.values())
    screen.basis_box.setCurrentIndex(1)
    assert "referrals received" in screen.rules_label.text()
    idva = screen.idva_panel.table
    assert [idva.item(r, 0).text() for r in range(idva.rowCount())] == ["IDVA 1", "IDVA 2", "IDVA 3"]
    assert "per full-time IDVA" in screen.idva_panel.note.text()
    screen.ask_save_path = lambda *a: tmp_path / "report.pdf"
    screen.write_report(half=False)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    screen.ask_save_path = lambda *a: tmp_path / "return.csv"
    screen.export_return()
    assert "Cases discussed" in (tmp_path / "return.csv").read_text("utf-8-sig")
    screen.clear()
    assert screen.headline.text() == ""
    assert screen.idva_panel.table.rowCount() == 0
    assert not any(chart.series() for chart in screen.charts.values())


def _screen(qtbot, vault, width=1200):

    ctx = SyncContext(vault)
    screen = StatsScreen(ctx, today=date(2026, 1, 15))
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.resize(width, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.on_unlocked()
    return ctx, screen


def test_no_incident_counts_says_how_to_add_them_and_a_month_can_be_entered(qtbot, vault):
    insert_referrals(vault.conn, list(synthetic_referrals(50, date(2025, 4, 1), date(2025, 12, 31), seed=5)))
    ctx, screen = _screen(qtbot, vault)
    assert (
        screen.chart_grid.incidents_stack.currentIndex() == 1
        and screen.chart_grid.incidents_empty.isVisible()
    )
    assert "dv-forum import incidents FILE" in screen.chart_grid.incidents_empty.text()
    # A coordinator enters one month's count on the screen: stored, audited, chart shown.
    assert not screen.entry.isVisible()
    screen.enter_button.click()
    assert screen.entry.isVisible()
    screen.entry.entry_area.setCurrentIndex(screen.entry.entry_area.findData("Coalville"))
    screen.entry.entry_month.setDate(date(2025, 11, 1))
    screen.entry.entry_count.setValue(42)
    screen.entry.entry_save.click()
    assert ctx.errors == []
    row = vault.conn.execute("SELECT month, area, count FROM incident_counts").fetchall()
    assert [tuple(r) for r in row] == [("2025-11", "Coalville", 42)]
    audit = vault.conn.execute("SELECT ref FROM audit WHERE action = 'stats.incidents.enter'").fetchall()
    assert [r[0] for r in audit] == ["2025-11"]
    assert "Saved: 42" in screen.entry.entry_status.text()
    assert screen.chart_grid.incidents_stack.currentIndex() == 0


def test_toolbar_buttons_are_not_cut_off_when_narrow(qtbot, vault):
    _, screen = _screen(qtbot, vault, width=620)
    qtbot.wait(10)
    for button in (screen.return_button, screen.report_button, screen.lsp_button, screen.enter_button):
        assert button.width() >= button.sizeHint().width(), button.text()
        assert button.geometry().right() <= screen.controls.width()
        assert button.toolTip()


def test_incident_month_defaults_to_the_last_complete_month(qtbot, vault):
    _, screen = _screen(qtbot, vault)
    picked = screen.entry.entry_month.date()
    assert (picked.year(), picked.month()) == (2025, 12)
    assert screen.entry.entry_month.maximumDate().month() == 1  # January 2026: not beyond this month


def test_axis_labels_are_never_cut_and_months_carry_their_year(qtbot):
    from PySide6.QtCharts import QChart

    from dv_forum.stats.charts import ChartData, Series
    from ui.screens.stats.charts import fill_chart

    places = [
        "Coalville",
        "Greenhill",
        "Agar Nook",
        "Whitwick",
        "Measham",
        "Ashby de la Zouch",
        "Castle Donington",
    ]
    chart = QChart()
    fill_chart(
        chart,
        ChartData(
            "By locality", places, [Series("Cases", [1.0] * len(places), ["1"] * len(places))], "Cases"
        ),
    )
    labels = chart.axes()[0].categories()
    assert [label.replace("<br>", " ") for label in labels] == places  # wrapped, never shortened
    months = [f"{m} 2026" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug")]
    fill_chart(
        chart,
        ChartData(
            "By month", months, [Series("Incidents", [1.0] * len(months), ["1"] * len(months))], "Incidents"
        ),
    )
    assert all(label.endswith("2026") for label in chart.axes()[0].categories())
