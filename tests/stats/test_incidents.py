from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dv_forum.errors import InputError, UserError
from dv_forum.stats import incidents as cs2
from dv_forum.stats.display import Display
from dv_forum.stats.incident_import import parse_incidents, store
from dv_forum.stats.report_tables import incident_tables
from dv_forum.stats.tables import format_text


def test_district_row_wins_over_area_rows(conn):
    cs2.set_count(conn, "2025-04", 50)
    cs2.set_count(conn, "2025-04", 20, "Greenhill")
    cs2.set_count(conn, "2025-05", 20, "Greenhill")
    cs2.set_count(conn, "2025-05", 7, "Measham")
    assert cs2.monthly(conn, date(2025, 4, 1), date(2025, 5, 31)) == {"2025-04": 50, "2025-05": 27}
    with pytest.raises(UserError):
        cs2.set_count(conn, "2025-13", 5)
    with pytest.raises(UserError):
        cs2.set_count(conn, "2025-01", -1)
    cs2.delete_count(conn, "2025-04")
    assert cs2.monthly(conn, date(2025, 4, 1), date(2025, 4, 30)) == {"2025-04": 20}


def test_quarters_years_and_change_on_last_year(conn):
    for y in (2023, 2024):
        for m in range(4, 13):
            cs2.set_count(conn, f"{y}-{m:02d}", 10 if y == 2023 else 12)
        for m in range(1, 4):
            cs2.set_count(conn, f"{y + 1}-{m:02d}", 10 if y == 2023 else 12)
    r = cs2.incident_report(conn, date(2024, 4, 1), date(2025, 3, 31))
    assert [q.count for q in r.quarters] == [36, 36, 36, 36]
    assert (r.years[0].count, r.years[0].last_year, r.years[0].change, r.years[0].change_pct) == (
        144,
        120,
        24,
        20.0,
    )
    assert len(r.months) == 12 and r.months[0].change == 2
    part = cs2.incident_report(conn, date(2023, 4, 1), date(2023, 6, 30))
    assert part.total.change is None  # no counts a year earlier
    text = "\n".join(format_text(t, Display()) for t in incident_tables(part))
    assert "n/a" in text
    assert r.as_dict()["years"][0]["change_pct"] == 20.0


def test_import_good_file_with_area_and_blank_lines():
    rows = parse_incidents(b"\xef\xbb\xbfMonth , Count,Area\r\n2025-04,10,Greenhill\r\n\r\n2025-04,3,\r\n")
    assert rows == [("2025-04", "Greenhill", 10), ("2025-04", "", 3)]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"month\n2025-04\n", "count column is missing"),
        (b"month,count,colour\n", "row 1, column 3: unknown column"),
        (b"month,count,month\n", "appears twice"),
        (b"month,count\n2025-4,1\n", "row 2, column month"),
        (b"month,count\n2025-04,ten\n", "row 2, column count"),
        (b"month,count\n2025-04,-3\n", "row 2, column count"),
        (b"month,count\n2025-04,1,2\n", "row 2: 3 cells"),
        (b"month,count\n2025-04,1\n2025-04,2\n", "same month and area as row 2"),
        (b"month,count\n", "no data rows"),
        (b"month,count\n\xff\xfe,1\n", "not UTF-8"),
        (b"month,count\n2025-04\x00,1\n", "binary"),
        (b"month,count,area\n2025-04,1," + b"x" * 100 + b"\n", "row 2, column area"),
    ],
)
def test_import_rejects_with_row_column_reason(data, problem):
    with pytest.raises(InputError) as info:
        parse_incidents(data)
    assert problem in str(info.value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=300) | st.text(alphabet='0123456789-,\n\r"amonthcuar ', max_size=120).map(str.encode)
)
def test_malformed_files_import_whole_or_not_at_all(conn, data):
    before = conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0]
    try:
        rows = parse_incidents(b"month,count,area\n" + data)
    except InputError:
        assert conn.execute("SELECT count(*) FROM incident_counts").fetchone()[0] == before
        return
    conn.execute("BEGIN")
    store(conn, rows)
    conn.execute("ROLLBACK")
    assert all(len(m) == 7 and c >= 0 for m, _, c in rows)
