"""A minimal protective marking for the cohort summary PDF.

The shared helper (dv_forum.reports.marking, issue 6) was not on main when this was written; this
module can give way to it once merged. Every page gets the marking top and bottom and "Page x of
y". The total is found by laying the story out once, then again with the total known: cheap for a
two-page summary, and it keeps ReportLab's canvas untouched. Built in memory, written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from dv_forum.fsio import atomic_write

MARKING = "OFFICIAL-SENSITIVE"


def _stamp(total: int | None, title: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawCentredString(width / 2, height - 12 * mm, MARKING)
        canvas.drawCentredString(width / 2, 8 * mm, MARKING)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, 8 * mm, title)
        page = canvas.getPageNumber()
        canvas.drawRightString(width - 15 * mm, 8 * mm, f"Page {page} of {total or page}")
        canvas.restoreState()

    return draw


def _build(make_story: Callable[[], list[Flowable]], title: str, total: int | None) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, title=title, author="dv-forum", topMargin=22 * mm, bottomMargin=20 * mm,
        leftMargin=15 * mm, rightMargin=15 * mm,
    )
    stamp = _stamp(total, title)
    # Flowables keep layout state, so each pass lays out a freshly made story.
    doc.build(make_story(), onFirstPage=stamp, onLaterPages=stamp)
    return buf.getvalue(), int(doc.page)


def write_marked_pdf(target: Path, make_story: Callable[[], list[Flowable]], title: str) -> int:
    """Write the story as a marked PDF at ``target``; returns the page count."""
    _, pages = _build(make_story, title, None)
    data, pages = _build(make_story, title, pages)
    atomic_write(Path(target), data)
    return pages
