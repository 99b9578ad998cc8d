"""A chronology as a marked PDF (the protective marking top and bottom, "Page x of y", and who it
was printed for), for a Domestic Homicide Review panel or a case review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, Paragraph, Table

from dv_forum.cases.chronology import Chronology
from dv_forum.dates import shown
from dv_forum.fsio import atomic_write
from dv_forum.marac.settings import MARKING
from dv_forum.reports.marking import Marking
from dv_forum.reports.pack_layout import STYLES, build_bytes, frame_width, grid_style, para
from dv_forum.settings import get_setting
from dv_forum.vault.db import Connection

TITLE = "Chronology"
KINDS = {
    "referral": "Referral",
    "transfer": "Transfer",
    "hearing": "MARAC",
    "minutes": "Minutes",
    "action": "Action",
    "outreach": "Outreach",
    "freedom": "Freedom Programme",
    "hold": "Review hold",
}


def story(chron: Chronology, printed: date) -> list[Flowable]:
    out: list[Flowable] = [
        Paragraph(TITLE, STYLES["h1"]),
        para(chron.subject, "body"),
        para(f"Cases: {', '.join(chron.case_refs) or 'none'}. Printed {shown(printed)}.", "body"),
    ]
    if not chron.entries:
        return [*out, para("Nothing is recorded.", "body")]
    rows: list[list[object]] = [[para(h, "cellhead") for h in ("Date", "Case", "What", "Details")]]
    rows += [
        [para(e.date), para(e.case_ref), para(KINDS.get(e.kind, e.kind)), para(e.what)] for e in chron.entries
    ]
    w = frame_width()
    out.append(
        Table(
            rows,
            colWidths=[0.13 * w, 0.17 * w, 0.13 * w, 0.57 * w],
            repeatRows=1,
            style=grid_style(row_count=len(rows)),
        )
    )
    return out


def chronology_bytes(
    conn: Connection, chron: Chronology, recipient: str, printed: date | None = None
) -> bytes:
    marking = Marking(text=get_setting(conn, MARKING), copy_line=recipient, doc_title=TITLE)
    return build_bytes(story(chron, printed or date.today()), marking, title=TITLE)


def write_chronology(conn: Connection, chron: Chronology, out: Path, recipient: str) -> None:
    atomic_write(out, chronology_bytes(conn, chron, recipient))
