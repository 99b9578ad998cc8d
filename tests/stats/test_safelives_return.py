"""The SafeLives return as it can be submitted (issue 17 item 9): exact counts unless published, the
financial year beside the quarters, cases per 10,000 females aged 16+ against the expected 40,
referring agencies in SafeLives' categories (a setting), and the labels SafeLives uses now."""

from __future__ import annotations

import json

from dv_forum.settings import set_setting
from dv_forum.stats import settings as S
from dv_forum.stats.periods import fy_quarter
from dv_forum.stats.report_tables import safelives_tables
from dv_forum.stats.rules import load_rules
from dv_forum.stats.safelives import safelives_return
from dv_forum.stats.tables import format_text
from tests.stats.stats_helpers import meeting, referral

AGENCIES = ["Police", "Health/GP", "Women's Aid", "Fire service", "Probation", "Acute trust", ""]


def _year(conn) -> None:
    """Q1 2025/26: 10 cases heard on 2025-05-14; Q2: 6 heard on 2025-08-13 (2 repeats)."""
    meeting(conn, "2025-05-14")
    meeting(conn, "2025-08-13")
    for i in range(10):
        referral(conn, "2025-05-01", f"A{i}", heard_date="2025-05-14", referring_agency=AGENCIES[i % 7])
    for i in range(6):
        referral(conn, "2025-08-01", f"B{i}", heard_date="2025-08-13", is_repeat=int(i < 2), bame=1, lgbt=1)


def test_financial_year_total_beside_the_quarters_and_per_10k_against_40(conn) -> None:
    _year(conn)
    set_setting(conn, S.ADULT_FEMALE_POPULATION, 8000)
    ret = safelives_return(conn, fy_quarter(2025, 2), load_rules(conn))
    data = ret.as_dict()
    fy = data["financial_year"]
    assert [q["label"] for q in fy["quarters"]] == ["2025/26 Q1", "2025/26 Q2"]
    assert [q["cases"] for q in fy["quarters"]] == [10, 6]
    assert fy["label"] == "2025/26 to 2025-09-30"
    assert (fy["total"]["cases"], fy["total"]["repeats"]) == (16, 2)
    # 16 cases in 6 months = 32 a year per 8,000 females 16+ = 40.0 per 10,000; the quarter: 6 x 4 = 24 -> 30.0
    assert fy["total"]["annualised_cases_per_10k_females_16_plus"] == 40.0
    assert data["annualised_cases_per_10k_females_16_plus"] == 30.0
    assert data["expected_cases_per_10k_a_year"] == 40
    text = "\n".join(format_text(t, ret.rules.display_rules()) for t in safelives_tables(ret))
    assert "Financial year 2025/26 to 2025-09-30, by quarter" in text
    assert "SafeLives expects about 40" in text and "females aged 16+" in text


def test_referring_agencies_in_safelives_categories_from_the_setting(conn) -> None:
    _year(conn)
    ret = safelives_return(conn, fy_quarter(2025, 1), load_rules(conn))
    cats = ret.total.categories
    # Police x2, Health/GP x2 + Acute trust -> Health, Women's Aid x2 -> Voluntary sector,
    # Fire service -> Other (unmapped), Probation by its name, blank -> Not recorded.
    assert cats == {
        "Police": 2,
        "Health": 3,
        "Probation": 1,
        "Voluntary sector": 2,
        "Other": 1,
        "Not recorded": 1,
    }
    assert list(cats) == ["Police", "Health", "Probation", "Voluntary sector", "Other", "Not recorded"]
    set_setting(conn, S.AGENCY_CATEGORIES, "Fire service=Adult social care; police=IDVA")
    cats = safelives_return(conn, fy_quarter(2025, 1), load_rules(conn)).total.categories
    # The setting replaces the defaults: Health/GP is no longer mapped, and counts as Other.
    assert cats["Adult social care"] == 1 and cats["IDVA"] == 2 and "Health" not in cats
    set_setting(conn, S.AGENCY_CATEGORIES, "Fire service=Fire; Police=Police")
    ret = safelives_return(conn, fy_quarter(2025, 1), load_rules(conn))
    assert ret.total.categories["Other"] == 6  # only Police is mapped now
    text = "\n".join(format_text(t, ret.rules.display_rules()) for t in safelives_tables(ret))
    assert "Not understood there" in text and "Fire service=Fire" in text


def test_labels_are_the_ones_safelives_uses_now(conn) -> None:
    _year(conn)
    ret = safelives_return(conn, fy_quarter(2025, 2), load_rules(conn))
    text = "\n".join(format_text(t, ret.rules.display_rules()) for t in safelives_tables(ret))
    assert "Black, Asian or racially minoritised victims" in text and "LGBT+ victims" in text
    assert "BAME" not in text and "LGBT victims" not in text


def test_the_return_is_exact_unless_published(vault, cli) -> None:
    _year(vault.conn)
    code, out, err = cli("stats", "return", "--quarter", "2025-Q2")
    assert code == 0, err
    assert "<5" not in out and "Exact counts" in out
    repeats = next(line for line in out.splitlines() if line.startswith("Repeat cases"))
    assert repeats.split()[-1] == "2"
    code, out, err = cli("stats", "return", "--quarter", "2025-Q2", "--publish")
    assert code == 0, err
    repeats = next(line for line in out.splitlines() if line.startswith("Repeat cases"))
    assert repeats.split()[-1] == "<5"
    code, out, _ = cli("stats", "return", "--quarter", "2025-Q2", "--json")
    assert json.loads(out)["total"]["repeats"] == 2
