"""Suppression for publication (issue 17 item 10): the style is a setting ("<5" or "5 or under"),
and a held-back value in a chart is never drawn as zero or left as a gap."""

from __future__ import annotations

from datetime import date

from dv_forum.reports.charts import bar_chart
from dv_forum.settings import set_setting
from dv_forum.stats import charts
from dv_forum.stats import settings as S
from dv_forum.stats.display import Display
from dv_forum.stats.periods import fy_quarter
from dv_forum.stats.rules import load_rules
from dv_forum.stats.tables import Count, Pct, Table, csv_value, format_text
from tests.stats.stats_helpers import referral


def test_the_style_is_a_setting_and_reaches_every_printed_count(conn) -> None:
    assert load_rules(conn).display_rules().marker == "<5"
    set_setting(conn, S.SUPPRESS_STYLE, "5 or under")
    display = load_rules(conn).display_rules()
    table = Table("T", ["Measure", "n", "%"], [["a", Count(5), Pct(5, 20)], ["b", Count(6), Pct(6, 20)]])
    text = format_text(table, display)
    assert "5 or under" in text and "6" in text and "*" in text
    assert csv_value(Count(5), display) == "5 or under" and csv_value(Count(6), display) == 6
    assert "1 to 5" in display.note()
    # The default style shows 5 as it is.
    assert Display().count(5) == "5" and Display().count(4) == "<5"


def _chart(conn) -> charts.ChartData:
    """Greenhill 12 cases, Measham 3, Coalville 5, all heard in 2025/26 Q3."""
    for area, n in (("Greenhill", 12), ("Measham", 3), ("Coalville", 5)):
        for i in range(n):
            referral(conn, "2025-10-01", f"{area}{i}", heard_date="2025-10-15", area=area)
    return charts.cases_by_locality(conn, fy_quarter(2025, 3), "heard")


def test_a_suppressed_bar_is_never_drawn_as_zero(conn) -> None:
    data = _chart(conn)
    assert data.categories == ["Greenhill", "Coalville", "Measham"]
    printed = data.suppressed(Display(style="<5"))
    bars = printed.series[0]
    assert bars.hidden == (False, False, True)
    assert bars.labels[2] == "<5 suppressed"
    heights = printed.drawn(printed.top())[0]
    assert heights[0] == 12.0 and heights[1] == 5.0
    assert heights[2] > 0  # a marked placeholder, not a zero bar
    assert heights[2] == printed.drawn(100.0)[0][2] / 100 * printed.top()  # fixed share of the axis
    # "5 or under" also holds back Coalville's 5; both placeholders are the same height.
    wider = data.suppressed(Display(style="5 or under"))
    assert wider.series[0].hidden == (False, True, True)
    assert wider.series[0].labels[1] == "5 or under suppressed"
    assert len(set(wider.drawn(wider.top())[0][1:])) == 1
    # Suppression off: nothing is held back, the screen's exact copy.
    assert data.suppressed(Display(suppress=False)).series[0].hidden == ()
    bar_chart(printed)  # the PDF drawing accepts the placeholder styling


def test_a_suppressed_rate_in_the_repeat_chart_is_marked_not_blank(conn) -> None:
    for i in range(10):
        referral(conn, "2025-10-01", f"V{i}", heard_date="2025-10-15", is_repeat=int(i < 2))
    data = charts.repeat_by_quarter(conn, date(2025, 10, 15), "heard").suppressed(Display())
    this_year = data.series[1]
    assert this_year.hidden[2] and this_year.labels[2] == "* suppressed"
    assert data.drawn(100.0)[1][2] > 0
    assert not data.is_empty
