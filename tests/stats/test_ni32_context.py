"""NI 32 is printed with its context (issue 17 item 11): SafeLives expects roughly 28-40% repeats
and a low rate can mean under-identification; never "lower is better". CLI text, the report PDF and
the statistics screen."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader

from dv_forum.stats.ni32 import reading
from dv_forum.stats.periods import fy_quarter
from dv_forum.stats.rules import Rules
from tests.stats.stats_helpers import meeting, referral


def _quarter_with_rate(conn, repeats: int, cases: int = 20) -> None:
    """2025/26 Q3: ``cases`` heard on 2025-10-08, ``repeats`` of them repeats (10% with 2 of 20)."""
    meeting(conn, "2025-10-08")
    for i in range(cases):
        referral(conn, "2025-09-20", f"V{i}", heard_date="2025-10-08", is_repeat=int(i < repeats))


def test_reading_of_a_rate() -> None:
    assert "under-identification" in reading(10.0)
    assert reading(30.0).startswith("within the 28-40%")
    assert reading(45.0).startswith("above")
    assert reading(None) == "no cases in the period"


def test_cli_text_gives_the_context_never_lower_is_better(vault, cli) -> None:
    _quarter_with_rate(vault.conn, 2)
    code, out, err = cli("stats", "repeat", "--from", "2025-10-01", "--to", "2025-12-31")
    assert code == 0, err
    assert "28-40%" in out and "under-identification" in out
    assert "lower is better" not in out.lower()
    code, out, _ = cli("stats", "repeat", "--from", "2025-10-01", "--to", "2025-12-31", "--json")
    data = json.loads(out)
    assert "28-40%" in data["context"] and "under-identification" in data["reading"]


def test_report_pdf_gives_the_context(conn, tmp_path) -> None:
    from dv_forum.reports.strategy import report_pdf

    _quarter_with_rate(conn, 2)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(report_pdf(conn, fy_quarter(2025, 3), Rules(), produced=date(2026, 1, 5)))
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "SafeLives expects roughly 28-40%" in text and "under-identification" in text
    assert "lower is better" not in text.lower()


def test_stats_screen_gives_the_context(qtbot, vault) -> None:
    from tests.ui.screen_ctx import SyncContext
    from ui.screens.stats import StatsScreen

    _quarter_with_rate(vault.conn, 2)
    screen = StatsScreen(SyncContext(vault), today=date(2026, 1, 15))
    qtbot.addWidget(screen)
    screen.on_unlocked()
    assert "2025/26 Q3" in screen.headline.text()  # the last complete quarter on 2026-01-15
    assert "10.0%" in screen.headline.text() and "under-identification" in screen.headline.text()
    assert "28-40%" in screen.rules_label.text()
