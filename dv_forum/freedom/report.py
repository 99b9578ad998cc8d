"""The cohort summary PDF: counts only. No participant codes appear anywhere in it, because the
summary goes to funders and the Forum, who need numbers, not people."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from dv_forum.freedom.summary import CohortDetail, cohort_detail
from dv_forum.fsio import atomic_write
from dv_forum.reports.marking import Marking, build_pdf_bytes
from dv_forum.vault import Perm, Vault


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _table(rows: list[list[str]], widths: list[float], numbers_from: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numbers_from, 0), (-1, -1), "RIGHT"),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ]
    table.setStyle(TableStyle(style))
    return table


def story_for(detail: CohortDetail, printed: date) -> list[Flowable]:
    styles = getSampleStyleSheet()
    s = detail.summary
    story: list[Flowable] = [
        Paragraph(f"Freedom Programme cohort {s.code}: summary", styles["Title"]),
        Paragraph(
            f"Venue {s.venue_code}; {s.weekday}s at {s.start_time}; {s.start_date} to {s.end_date}. "
            f"Status: {s.status}. Printed {printed.isoformat()}. Counts only.",
            styles["Normal"],
        ),
        Spacer(1, 5 * mm),
    ]
    overview = [
        ["Measure", "Count"],
        ["Sessions held", f"{s.sessions_held} of {s.sessions}"],
        ["Places", str(s.capacity)],
        ["Enrolled (this cohort as their programme)", str(s.enrolled)],
        ["  of whom joined after session 1 (rolling entry)", str(s.rolling_entries)],
        ["Catching up sessions missed in an earlier cohort", str(s.catch_up)],
        ["Withdrawn", str(s.withdrawn)],
        [f"Completed (attended at least {s.required} sessions)", str(s.completed)],
        [
            "Completion rate" + ("" if s.status == "finished" else f" so far (the cohort is {s.status})"),
            _pct(s.completion_rate),
        ],
        ["Creche needed", str(detail.creche_needed) + ("" if s.creche else " (no creche at this cohort)")],
        ["Follow-up calls made", str(detail.follow_ups_made)],
        ["Follow-up calls outstanding", str(detail.follow_ups_outstanding)],
    ]
    story += [_table(overview, [110 * mm, 60 * mm]), Spacer(1, 6 * mm)]
    story.append(Paragraph("Attendance by session", styles["Heading2"]))
    rows = [["#", "Session", "Present", "Apologies", "Absent"]]
    for n, (topic, counts) in enumerate(zip(detail.topics, detail.per_session, strict=True), start=1):
        rows.append([str(n), topic, str(counts["present"]), str(counts["apologies"]), str(counts["absent"])])
    story += [_table(rows, [10 * mm, 90 * mm, 22 * mm, 22 * mm, 22 * mm], numbers_from=2), Spacer(1, 6 * mm)]
    if detail.attended_bands:
        band_rows = [["Sessions attended", "Participants"]]
        band_rows += [[k, str(v)] for k, v in detail.attended_bands.items()]
        # A heading and its small table stay on one page.
        story += [
            KeepTogether(
                [
                    Paragraph("Participants by sessions attended", styles["Heading2"]),
                    _table(band_rows, [60 * mm, 40 * mm]),
                ]
            ),
            Spacer(1, 6 * mm),
        ]
    if detail.follow_up_outcomes:
        out_rows = [["Outcome", "Calls"]] + [
            [k, str(v)] for k, v in sorted(detail.follow_up_outcomes.items())
        ]
        story.append(
            KeepTogether(
                [
                    Paragraph("Follow-up call outcomes", styles["Heading2"]),
                    _table(out_rows, [60 * mm, 40 * mm]),
                ]
            )
        )
    return story


def write_cohort_report(vault: Vault, code: str, target: Path, today: date | None = None) -> int:
    """Write the cohort summary PDF; returns the page count. Audited as a print."""
    vault.require(Perm.VIEW_FREEDOM)
    detail = cohort_detail(vault, code, today)
    printed = today or date.today()
    title = f"Freedom Programme cohort {detail.summary.code}"
    data = build_pdf_bytes(story_for(detail, printed), Marking(copy_line=title), title=title)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    atomic_write(Path(target), data)
    with vault.transaction():
        vault.audit("freedom.report.print", ref=detail.summary.code, detail=f"{pages} pages")
    return pages
