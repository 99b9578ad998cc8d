"""The cohort summary PDF (counts only, every page marked) and the freedom CLI."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader

from dv_forum.freedom import attendance, cohorts, participants
from dv_forum.freedom.report import write_cohort_report


def filled(vault, topics=None, n=6):
    code = cohorts.create_cohort(vault, "V07", "2026-01-05", "10:00", topics=topics, code="FP-26-R1")
    codes = [participants.add_participant(vault, code=f"PX-{i:03d}7") for i in range(n)]
    for p in codes:
        participants.enrol(vault, code, p, date(2026, 1, 1))
    sessions = len(cohorts.load_cohort(vault.conn, code).sessions)
    for s in range(1, sessions + 1):
        attendance.record_attendance(
            vault,
            code,
            s,
            {p: ("present", "apologies", "absent")[(i + s) % 5 % 3] for i, p in enumerate(codes)},
        )
    return code, codes


def test_pdf_has_counts_only_and_every_page_marked(vault, tmp_path):
    # A long session list makes the summary run past one page.
    code, codes = filled(vault, topics=[f"Session topic {i}" for i in range(1, 21)])
    out = tmp_path / "cohort.pdf"
    pages = write_cohort_report(vault, code, out, date(2026, 6, 1))
    reader = PdfReader(out)
    assert pages == len(reader.pages) >= 2
    text_all = ""
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of {pages}" in text
        text_all += text
    assert code in text_all and "Completion rate" in text_all
    for p in codes:
        assert p not in text_all
    assert (out.stat().st_mode & 0o777) == 0o600
    assert (
        vault.conn.execute("SELECT ref FROM audit WHERE action = 'freedom.report.print'").fetchone()[0]
        == code
    )
    # Written atomically: no temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "vault") == ["cohort.pdf"]


def test_cli_cohorts_json_shape(cli, tmp_path):
    assert cli("init")[0] == 0
    assert (
        cli(
            "freedom",
            "new-cohort",
            "--venue",
            "V1",
            "--start",
            "2026-01-05",
            "--time",
            "10:00",
            "--code",
            "FP-26-C1",
            "--sessions",
            "11",
        )[0]
        == 0
    )
    for i in range(3):
        assert cli("freedom", "add-participant", "--code", f"P-{i}1")[0] == 0
        assert cli("freedom", "enrol", "FP-26-C1", f"P-{i}1")[0] == 0
    code, out, err = cli("freedom", "attend", "FP-26-C1", "1", "P-01=p", "P-11=a", "P-21=x")
    assert code == 0, err
    assert "2 follow-up call(s)" in out
    code, out, _ = cli("freedom", "cohorts", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    row = rows[0]
    for key in (
        "code",
        "start_date",
        "end_date",
        "enrolled",
        "sessions_held",
        "completed",
        "completion_rate",
    ):
        assert key in row
    assert (row["code"], row["enrolled"], row["sessions_held"], row["sessions"]) == ("FP-26-C1", 3, 1, 11)
    code, out, _ = cli("freedom", "calls", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    pdf = tmp_path / "c.pdf"
    code, out, _ = cli("freedom", "report", "FP-26-C1", "--out", str(pdf))
    assert code == 0 and pdf.exists()
    code, _, err = cli("freedom", "report", "NOPE-1", "--out", str(pdf))
    assert code == 1 and "no cohort" in err.lower()
