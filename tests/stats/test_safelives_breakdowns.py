from dv_forum.stats.breakdowns import breakdown, children_total
from dv_forum.stats.display import Display
from dv_forum.stats.periods import fy_quarter, previous
from dv_forum.stats.report_tables import breakdown_table, safelives_tables
from dv_forum.stats.rules import Rules
from dv_forum.stats.safelives import safelives_return
from dv_forum.stats.tables import format_text
from tests.stats.stats_helpers import meeting, referral


def test_return_per_meeting_totals_and_empty_meeting(conn):
    meeting(conn, "2025-10-08")
    meeting(conn, "2025-12-17")  # held, no cases
    referral(
        conn,
        "2025-10-01",
        "A",
        heard_date="2025-10-08",
        referring_agency="Police",
        is_repeat=1,
        bame=1,
        children=3,
        perp_age=17,
    )
    referral(
        conn,
        "2025-10-02",
        "B",
        heard_date="2025-10-08",
        referring_agency="Health",
        lgbt=1,
        disability=1,
        victim_gender="M",
        victim_age=16,
    )
    referral(conn, "2025-10-03", "C", heard_date="2025-10-08", referring_agency=None)
    referral(conn, "2025-09-01", "D", heard_date="2025-09-30")  # previous quarter
    q = fy_quarter(2025, 3)
    ret = safelives_return(conn, q, Rules(adult_female_population=30_000))
    assert [m.label for m in ret.meetings] == ["2025-10-08", "2025-12-17"]
    t = ret.total
    assert t.counts == {
        "cases": 3,
        "repeats": 1,
        "children": 3,
        "households_with_children": 1,
        "partner_agency": 1,
        "bame": 1,
        "lgbt": 1,
        "disability": 1,
        "male_victims": 1,
        "victims_16_17": 1,
        "perpetrators_under_18": 1,
    }
    assert t.pct("repeats") == 33.3
    assert t.per_10k() == 1.0
    assert ret.annual_per_10k == 4.0
    assert t.agencies == {"Health": 1, "Not recorded": 1, "Police": 1}
    assert ret.meetings[1].cases == 0 and ret.meetings[1].pct("repeats") is None
    d = ret.as_dict()
    assert d["total"]["repeats_pct"] == 33.3 and d["meetings"][1]["cases"] == 0
    text = format_text(safelives_tables(ret)[0], Display())
    assert "<5" in text and " 3" not in text.split("Cases discussed")[1].splitlines()[0]
    none_set = safelives_return(conn, q, Rules())
    assert (
        none_set.total.per_10k() is None
        and "Set stats.adult_female_population" in safelives_tables(none_set)[0].note
    )


def test_breakdown_trend_and_order(conn):
    for i in range(6):
        referral(conn, "2025-05-01", f"A{i}", area="Measham", risk_band="medium", victim_age=40)
    referral(conn, "2025-08-01", "B", area="Coalville", risk_band="high", victim_age=17, children=None)
    periods = previous(fy_quarter(2025, 2), 2, "quarter")
    b = breakdown(conn, "locality", periods, "referred")
    assert b.rows == [("Coalville", [0, 1]), ("Measham", [6, 0])]
    assert b.totals == [6, 1]
    bands = breakdown(conn, "risk_band", periods, "referred")
    assert [v for v, _ in bands.rows] == ["High", "Medium"]
    ages = breakdown(conn, "age", periods, "referred")
    assert [v for v, _ in ages.rows] == ["16-17", "35-44"]
    kids = breakdown(conn, "children", periods, "referred")
    assert ("Not recorded", [0, 1]) in kids.rows
    assert children_total(conn, periods[0], "referred") == 0
    table = breakdown_table(b)
    assert format_text(table, Display()).count("<5") == 2
    assert b.as_dict()["rows"][0] == {"value": "Coalville", "counts": [0, 1]}


def test_unknown_dimension(conn):
    import pytest

    from dv_forum.errors import UserError

    with pytest.raises(UserError):
        breakdown(conn, "name", [fy_quarter(2025, 1)], "heard")
