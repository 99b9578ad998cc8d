"""The stats demo fills the CS 2 incidents chart: every complete month of the last three years."""

import random
from datetime import date

from dv_forum.stats import charts, demo
from dv_forum.stats.periods import unit_containing


def test_demo_months_are_the_complete_months_before_today():
    months = demo.demo_months(date(2026, 1, 15), 3)
    assert months == ["2025-10", "2025-11", "2025-12"]


def test_demo_gives_the_incident_chart_values(vault):
    with vault.transaction():
        demo.generate(vault, random.Random(1), 1.0, today=date(2026, 1, 15))
    count = vault.conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0]
    assert count == demo.MONTHS
    data = charts.incidents_by_month(vault.conn, unit_containing(date(2025, 12, 1), "quarter"))
    assert all(v is not None and v > 0 for s in data.series for v in s.values)
