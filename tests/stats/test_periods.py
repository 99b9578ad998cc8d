from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.stats import periods as p


def test_quarter_boundaries_and_labels():
    q1 = p.fy_quarter(2024, 1)
    assert (q1.start, q1.end, q1.label) == (date(2024, 4, 1), date(2024, 6, 30), "2024/25 Q1")
    q4 = p.fy_quarter(2024, 4)
    assert (q4.start, q4.end, q4.label) == (date(2025, 1, 1), date(2025, 3, 31), "2024/25 Q4")
    assert p.fy_year(1999).label == "1999/00"
    assert p.fy_year(2024).end == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2024, 3, 31), "2023/24 Q4"),
        (date(2024, 4, 1), "2024/25 Q1"),
        (date(2024, 6, 30), "2024/25 Q1"),
        (date(2024, 7, 1), "2024/25 Q2"),
        (date(2024, 9, 30), "2024/25 Q2"),
        (date(2024, 10, 1), "2024/25 Q3"),
        (date(2024, 12, 31), "2024/25 Q3"),
        (date(2025, 1, 1), "2024/25 Q4"),
    ],
)
def test_unit_containing_quarter(day, label):
    assert p.unit_containing(day, "quarter").label == label


def test_halves_and_months():
    assert p.unit_containing(date(2025, 2, 1), "half").label == "2024/25 H2"
    h1 = p.fy_half(2025, 1)
    assert (h1.start, h1.end) == (date(2025, 4, 1), date(2025, 9, 30))
    feb = p.unit_containing(date(2024, 2, 10), "month")
    assert (feb.start, feb.end, feb.label) == (date(2024, 2, 1), date(2024, 2, 29), "2024-02")


def test_parse_quarter_is_financial_year_starting_that_year():
    q = p.parse_quarter("2025-Q3")
    assert (q.start, q.end, q.label) == (date(2025, 10, 1), date(2025, 12, 31), "2025/26 Q3")
    q4 = p.parse_quarter("2025q4")
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2026, 3, 31))
    for bad in ("2025-Q5", "Q3", "2025-3", ""):
        with pytest.raises(UserError):
            p.parse_quarter(bad)


def test_parse_half_and_year():
    assert p.parse_half("2025-H2").end == date(2026, 3, 31)
    assert p.parse_financial_year("2024/25").start == date(2024, 4, 1)
    with pytest.raises(UserError):
        p.parse_financial_year("2024/26")
    with pytest.raises(UserError):
        p.parse_half("2025-H3")


def test_whole_units_leave_out_partial_ends():
    units = p.whole_units(date(2024, 4, 15), date(2025, 3, 31), "quarter")
    assert [u.label for u in units] == ["2024/25 Q2", "2024/25 Q3", "2024/25 Q4"]
    months = p.whole_units(date(2024, 1, 1), date(2024, 3, 30), "month")
    assert [m.label for m in months] == ["2024-01", "2024-02"]
    assert p.whole_units(date(2024, 4, 2), date(2025, 3, 31), "year") == []
    assert [y.label for y in p.whole_units(date(2023, 4, 1), date(2025, 3, 31), "year")] == [
        "2023/24",
        "2024/25",
    ]
    assert p.whole_units(date(2025, 1, 1), date(2024, 1, 1), "month") == []


def test_add_months_clamps_to_month_end():
    assert p.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert p.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert p.add_months(date(2024, 1, 15), -13) == date(2022, 12, 15)


def test_previous_and_shift():
    q = p.fy_quarter(2024, 2)
    labels = [x.label for x in p.previous(q, 4, "quarter")]
    assert labels == ["2023/24 Q3", "2023/24 Q4", "2024/25 Q1", "2024/25 Q2"]
    assert q.shifted_years(-1).label == "2023/24 Q2"
    feb = p.month(2024, 2).shifted_years(1)
    assert (feb.end, feb.label) == (date(2025, 2, 28), "2025-02")
    odd = p.span(date(2024, 4, 3), date(2024, 5, 9))
    assert odd.label == "2024-04-03 to 2024-05-09"
    assert odd.shifted_years(-1).start == date(2023, 4, 3)
