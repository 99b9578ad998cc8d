"""Protective marking on every page of a ReportLab document, with "Page x of y" and a copy line.

Shared by the MARAC pack and the statistics report. Usage::

    from dv_forum.reports.marking import Marking, build_pdf
    build_pdf(path, story, Marking(copy_line="Copy 3 of 12 - Chair"), title="Strategy Group report")

The page total is only known once the story has been laid out, so the canvas keeps each page's
state and draws the markings on all of them at save time (two passes over the pages, one layout).
The document is built in memory and written with fsio.atomic_write: no plaintext temp file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from dv_forum.fsio import atomic_write

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#8c8c8c")
EDGE_X = 18 * mm


@dataclass(frozen=True)
class Marking:
    """What every page carries. ``copy_line``: a copy number and agency, never a name."""

    text: str = DEFAULT_MARKING
    copy_line: str = ""  # e.g. "Copy 3 of 12: Housing" or "Chair's copy"
    doc_title: str = ""  # printed in the page header, never in the PDF metadata


def marked_canvas(marking: Marking) -> type[Canvas]:
    """A Canvas class that draws ``marking`` top and bottom and "Page x of y" on every page."""

    class MarkedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type stubs
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                draw_furniture(self, marking, number, total)
                super().showPage()
            super().save()

    return MarkedCanvas


def draw_furniture(canvas: Canvas, marking: Marking, number: int, total: int) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(width / 2, height - 11 * mm, marking.text)
    canvas.drawCentredString(width / 2, 8 * mm, marking.text)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(EDGE_X, height - 17 * mm, marking.doc_title)
    canvas.drawRightString(width - EDGE_X, height - 17 * mm, marking.copy_line)
    canvas.drawString(EDGE_X, 14 * mm, marking.copy_line)
    canvas.drawRightString(width - EDGE_X, 14 * mm, f"Page {number} of {total}")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(EDGE_X, height - 18.5 * mm, width - EDGE_X, height - 18.5 * mm)
    canvas.line(EDGE_X, 17.5 * mm, width - EDGE_X, 17.5 * mm)
    canvas.restoreState()


def marked_doc(
    target: Any, *, title: str = "", pagesize: tuple[float, float] = A4, **kw: Any
) -> SimpleDocTemplate:
    """A SimpleDocTemplate whose margins leave room for the marking lines."""
    kw.setdefault("topMargin", 24 * mm)
    kw.setdefault("bottomMargin", 22 * mm)
    kw.setdefault("leftMargin", 18 * mm)
    kw.setdefault("rightMargin", 18 * mm)
    # Metadata carries no case data: the author is the program, not the signed-in user.
    return SimpleDocTemplate(
        target, pagesize=pagesize, title=title, author="dv-forum", creator="dv-forum", **kw
    )


def build_pdf_bytes(
    story: Sequence[Flowable],
    marking: Marking,
    *,
    title: str = "",
    pagesize: tuple[float, float] = A4,
) -> bytes:
    buf = io.BytesIO()
    doc = marked_doc(buf, title=title, pagesize=pagesize)
    doc.build(list(story), canvasmaker=marked_canvas(marking))
    return buf.getvalue()


def build_pdf(
    path: Path,
    story: Sequence[Flowable],
    marking: Marking,
    *,
    title: str = "",
    pagesize: tuple[float, float] = A4,
) -> None:
    """Lay out ``story`` with ``marking`` on every page and write it atomically to ``path``."""
    atomic_write(Path(path), build_pdf_bytes(story, marking, title=title, pagesize=pagesize))
