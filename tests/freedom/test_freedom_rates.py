"""`freedom rates` counts finished cohorts only, as its JSON does; running and planned cohorts are
shown apart and never in the rate (issue 17 item 12)."""

from __future__ import annotations

from datetime import date

from dv_forum.cli.freedom_cmds import cmd_rates
from dv_forum.freedom import participants, summary
from tests.freedom.test_freedom_cohorts import DAY, new_cohort, people, run

TODAY = date(2026, 3, 10)


def _year(vault) -> None:
    """2026: a finished cohort (2 of 4 completed), a running one (3 enrolled, all attending so far)
    and a planned one (2 enrolled)."""
    done = new_cohort(vault, start="2026-01-05", code="FP-26-01")
    running = new_cohort(vault, start="2026-02-23", code="FP-26-02")
    planned = new_cohort(vault, start="2026-06-01", code="FP-26-03")
    a, b, c, d, e, f, g, h, i = people(vault, 9)
    for p in (a, b, c, d):
        participants.enrol(vault, done, p, DAY)
    for p in (e, f, g):
        participants.enrol(vault, running, p, DAY)
    for p in (h, i):
        participants.enrol(vault, planned, p, DAY)
    run(vault, done, {a: "P" * 12, b: "P" * 12, c: "X" * 12, d: "X" * 12})
    run(vault, running, {e: "PP", f: "PP", g: "PP"})


def test_rates_count_finished_cohorts_and_show_the_others_apart(vault) -> None:
    _year(vault)
    (row,) = summary.yearly_rates(vault, TODAY)
    assert (row["finished_cohorts"], row["running_cohorts"], row["planned_cohorts"]) == (1, 1, 1)
    assert row["finished_completion_rate"] == 0.5
    assert (row["running_enrolled"], row["planned_enrolled"]) == (3, 2)
    text = summary.rates_line(row)
    assert text == (
        "2026: 2 of 4 completed (50%) in 1 finished cohort; not yet counted: "
        "1 running cohort (3 enrolled), 1 planned cohort (2 enrolled)"
    )
    # Not the old all-cohorts figure: 2 of 9 (22%).
    assert "of 9" not in text and "22%" not in text


def test_cli_text_uses_the_finished_line(vault, monkeypatch) -> None:
    _year(vault)
    real = summary.yearly_rates
    monkeypatch.setattr(summary, "yearly_rates", lambda v, today=None: real(v, TODAY))
    rows, text = cmd_rates(vault, None)  # type: ignore[arg-type]
    assert text == summary.rates_line(rows[0]) and "(50%)" in text
