from datetime import date

from dv_forum.stats.ni32 import figures, repeat_report
from dv_forum.stats.periods import fy_quarter, fy_year
from dv_forum.stats.rules import Rules, load_rules
from tests.stats.stats_helpers import referral

# domain.md section 3 worked example: (victim, perpetrator, referral date, repeat?)
WORKED = [
    ("A", "P1", "2009-05-10", 0),
    ("B", "P2", "2009-06-01", 0),
    ("C", "P3", "2009-07-01", 0),
    ("A", "P1", "2009-11-02", 1),
    ("A", "P4", "2010-01-15", 0),
    ("B", "P2", "2010-06-01", 1),
    ("C", "P3", "2010-07-02", 0),
    ("A", "P1", "2010-12-01", 0),
]


def test_worked_example_by_referral_date(conn):
    for v, p, d, rep in WORKED:
        referral(conn, d, v, p, is_repeat=rep)
    report = repeat_report(conn, date(2009, 4, 1), date(2011, 3, 31), "year", Rules(basis="referred"))
    got = [(f.period.label, f.cases, f.repeats, f.rate) for f in report.periods]
    assert got == [("2009/10", 5, 1, 20.0), ("2010/11", 3, 1, 33.3)]
    assert (report.total.cases, report.total.repeats, report.total.rate) == (8, 2, 25.0)


def test_heard_basis_counts_by_hearing_date_and_skips_unheard(conn):
    referral(conn, "2024-03-20", "A", "P", heard_date="2024-04-02", is_repeat=1)  # heard in Q1
    referral(conn, "2024-06-25", "B", "P", heard_date="2024-07-03")  # heard in Q2
    referral(conn, "2024-06-26", "C", "P")  # not yet heard
    rules = Rules()
    report = repeat_report(conn, date(2024, 4, 1), date(2024, 9, 30), "quarter", rules)
    assert [(f.period.label, f.cases, f.repeats) for f in report.periods] == [
        ("2024/25 Q1", 1, 1),
        ("2024/25 Q2", 1, 0),
    ]
    referred = repeat_report(conn, date(2024, 4, 1), date(2024, 9, 30), "quarter", Rules(basis="referred"))
    assert [f.cases for f in referred.periods] == [2, 0]


def test_json_shape(conn):
    referral(conn, "2024-05-01", heard_date="2024-05-08", is_repeat=1)
    d = repeat_report(conn, date(2024, 4, 1), date(2024, 6, 30), "month", load_rules(conn)).as_dict()
    assert d["basis"] == "heard"
    assert d["rules"]["repeat_window_months"] == 12
    assert d["periods"][1] == {
        "label": "2024-05",
        "start": "2024-05-01",
        "end": "2024-05-31",
        "cases": 1,
        "repeats": 1,
        "rate": 100.0,
    }
    assert d["periods"][0]["rate"] is None
    assert d["total"] == {
        "start": "2024-04-01",
        "end": "2024-06-30",
        "cases": 1,
        "repeats": 1,
        "rate": 100.0,
    }


def test_figures_for_arbitrary_periods(conn):
    referral(conn, "2024-04-01", heard_date="2024-04-01")
    referral(conn, "2025-03-31", "B", heard_date="2025-03-31", is_repeat=1)
    out = figures(conn, [fy_quarter(2024, 1), fy_year(2024), fy_quarter(2024, 4)], "heard")
    assert [(f.cases, f.repeats) for f in out] == [(1, 0), (2, 1), (1, 1)]
    assert figures(conn, [], "heard") == []


def test_query_uses_covering_index(conn):
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT heard_date, count(*), total(is_repeat != 0) FROM referrals "
        "WHERE heard_date BETWEEN ? AND ? GROUP BY heard_date",
        ("2024-04-01", "2025-03-31"),
    ).fetchall()
    assert "COVERING INDEX stats_referrals_heard" in " ".join(str(r[3]) for r in plan)
