"""NI 32 against a brute-force count over generated referrals."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dv_forum.stats.ni32 import repeat_report
from dv_forum.stats.periods import whole_units
from dv_forum.stats.rules import Rules
from tests.stats.stats_helpers import referral

BASE = date(2023, 1, 1)
days = st.integers(min_value=0, max_value=1100)
rows = st.lists(st.tuples(days, st.one_of(st.none(), st.integers(0, 40)), st.booleans()), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows,
    start=days,
    length=st.integers(0, 800),
    unit=st.sampled_from(["month", "quarter", "year"]),
    basis=st.sampled_from(["heard", "referred"]),
)
def test_matches_brute_force(conn, rows, start, length, unit, basis):
    conn.execute("DELETE FROM referrals")
    data = []
    for i, (ref_day, delay, rep) in enumerate(rows):
        referred = BASE + timedelta(days=ref_day)
        heard = None if delay is None else referred + timedelta(days=delay)
        referral(
            conn,
            referred.isoformat(),
            f"V{i}",
            heard_date=heard and heard.isoformat(),
            is_repeat=int(rep),
        )
        data.append((referred if basis == "referred" else heard, rep))
    lo = BASE + timedelta(days=start)
    hi = lo + timedelta(days=length)
    report = repeat_report(conn, lo, hi, unit, Rules(basis=basis))

    def brute(a, b):
        inside = [rep for d, rep in data if d is not None and a <= d <= b]
        return len(inside), sum(inside)

    assert [p.period for p in report.periods] == whole_units(lo, hi, unit)
    for fig in report.periods:
        assert (fig.cases, fig.repeats) == brute(fig.period.start, fig.period.end)
        if fig.cases:
            assert abs(fig.rate - 100 * fig.repeats / fig.cases) <= 0.05 + 1e-9
    assert (report.total.cases, report.total.repeats) == brute(lo, hi)
