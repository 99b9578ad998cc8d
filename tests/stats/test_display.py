import pytest

from dv_forum.stats.display import Display, per_10k, rate, whole_percent


@pytest.mark.parametrize(
    ("cases", "repeats", "shown"),
    # West Wales 2015/16, as published (truncated to whole numbers).
    [(454, 79, "17%"), (189, 31, "16%"), (341, 44, "12%")],
)
def test_west_wales_published_figures_truncate(cases, repeats, shown):
    assert whole_percent(repeats, cases, "truncate") == shown


def test_rounding_differs_from_truncation():
    assert whole_percent(44, 341, "round") == "13%"
    assert whole_percent(44, 341, "decimal") == "12.9%"
    assert rate(79, 454) == 17.4


def test_worked_example_rates():
    assert rate(1, 5) == 20.0
    assert rate(1, 3) == 33.3
    assert rate(12, 41) == 29.3
    assert rate(0, 0) is None


def test_half_up_is_exact():
    # 0.25% of 400 -> 1/400 = 0.25 -> rounds half up to 0.3 (a float might give 0.2)
    assert rate(1, 400) == 0.3
    assert whole_percent(1, 200, "round") == "1%"  # 0.5 -> 1


def test_safelives_published_arithmetic():
    # 119,985 cases; 47 per 10,000 adult women -> a population of about 25.5 million.
    assert round(per_10k(119_985, 25_530_000)) == 47
    assert per_10k(10, None) is None
    assert per_10k(40, 10_000) == 40.0


def test_suppression():
    d = Display()
    assert [d.count(n) for n in (0, 1, 4, 5, 1234)] == ["0", "<5", "<5", "5", "1,234"]
    assert d.percent(3, 50) == "*"
    assert d.percent(0, 3) == "0.0%"
    assert d.percent(5, None) == "-"
    off = Display(mode="truncate", suppress=False)
    assert off.count(3) == "3"
    assert off.percent(3, 50) == "6%"
    assert d.count(None) == "-"


def test_change():
    d = Display()
    assert d.change(110, 100) == "+10 (+10.0%)"
    assert d.change(90, 100) == "-10 (-10.0%)"
    assert d.change(7, 0) == "+7"
    assert d.change(3, 100) == "*"
    assert Display(suppress=False).change(3, 100) == "-97 (-97.0%)"
    assert d.number(None) == "-"
    assert d.number(47.04) == "47.0"
