"""Page furniture for marked documents: the protective marking top and bottom, "Page x of y" and a
copy line on every page, plus the shared paragraph and table styles.

The marking itself comes from dv_forum.reports.marking, shared with every other document.

The page total is only known after layout, so the canvas keeps every page's drawing state and adds
the furniture at save time: one layout pass, no second build.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from dv_forum.reports.marking import Marking, marked_canvas

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#8c8c8c")
HEAD_FILL = colors.HexColor("#e4e7eb")
ZEBRA = colors.HexColor("#f6f7f8")


def build_bytes(story: Sequence[Flowable], marking: Marking, *, title: str, compress: bool = True) -> bytes:
    """Lay out ``story`` in memory. ``compress=False`` (tests) leaves content streams readable and
    the output byte-for-byte repeatable, so raw bytes can be searched for identity markers."""
    buf = io.BytesIO()
    # Metadata is generic: title without dates or cases, author the program, never the user.
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        title=title,
        author="dv-forum",
        creator="dv-forum",
        subject="",
        keywords="",
        producer="dv-forum",
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        pageCompression=1 if compress else 0,
        invariant=0 if compress else 1,
    )
    doc.build(list(story), canvasmaker=marked_canvas(marking))
    return buf.getvalue()


FRAME_PADDING = 6  # ReportLab's default frame padding, in points, on each side


def frame_width() -> float:
    """The usable width inside the frame (tables wider than this overflow the margins)."""
    return float(PAGE[0] - 2 * MARGIN_X - 2 * FRAME_PADDING)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "Body",
        parent=base["BodyText"],
        fontName="Helvetica",
        fontSize=10,
        leading=13.5,
        textColor=INK,
        spaceAfter=4,
    )
    return {
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cellhead": ParagraphStyle(
            "CellHead",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
        ),
        "h1": ParagraphStyle(
            "H1",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=16,
            leading=20,
            spaceBefore=0,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "H2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "title": ParagraphStyle(
            "Title",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=30,
            leading=36,
            alignment=TA_CENTER,
            spaceAfter=6,
        ),
        "subtitle": ParagraphStyle(
            "Subtitle", parent=body, fontSize=13, leading=17, alignment=TA_CENTER, spaceAfter=4
        ),
        "copy": ParagraphStyle(
            "Copy",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
    }


STYLES = _styles()


def para(text: object, style: str = "cell") -> Paragraph:
    """A paragraph of plain text: escaped so user text can never inject ReportLab markup."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), STYLES[style])


def grid_style(header_rows: int = 1, zebra: bool = True, row_count: int = 0) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if zebra:
        for row in range(header_rows + 1, row_count, 2):
            cmds.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    return TableStyle(cmds)


def section(title: str, intro: str | None = None) -> list[Flowable]:
    """A section heading, with an optional short introduction under it."""
    out: list[Flowable] = [Paragraph(title, STYLES["h1"])]
    if intro:
        out.append(para(intro, "small"))
        out.append(Spacer(1, 3 * mm))
    return out
