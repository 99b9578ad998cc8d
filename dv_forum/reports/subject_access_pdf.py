"""The subject access export as a marked PDF: what is held, why, who it was shared with and how long
it is kept (dv_forum.cases.subject_access decides what a requester may see)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

from dv_forum.dates import shown
from dv_forum.marac.settings import MARKING
from dv_forum.reports.chronology_pdf import KINDS
from dv_forum.reports.marking import Marking
from dv_forum.reports.pack_layout import STYLES, build_bytes, frame_width, grid_style, para
from dv_forum.settings import get_setting
from dv_forum.vault.db import Connection

TITLE = "Subject access: what the MARAC holds"


def _table(header: tuple[str, ...], rows: list[list[Any]], widths: tuple[float, ...]) -> Table:
    w = frame_width()
    body: list[list[object]] = [[para(h, "cellhead") for h in header]]
    body += [[para("" if v is None else v) for v in r] for r in rows]
    return Table(body, colWidths=[f * w for f in widths], repeatRows=1, style=grid_style(row_count=len(body)))


def _records(data: dict[str, Any]) -> list[Flowable]:
    if not data["entries"]:
        return [para("Nothing is recorded.", "body")]
    if data["requester"] == "perpetrator":
        rows = [
            [e["case_ref"], shown(e["referral_date"]), shown(e["heard_date"]) or "-", e["gender"], e["age"]]
            for e in data["entries"]
        ]
        header = ("Case", "Referred", "Heard at MARAC", "Gender recorded", "Age recorded")
        return [_table(header, rows, (0.22, 0.18, 0.2, 0.2, 0.2))]
    rows = [[e["date"], e["case_ref"], KINDS.get(e["kind"], e["kind"]), e["what"]] for e in data["entries"]]
    return [_table(("Date", "Case", "What", "Details"), rows, (0.13, 0.17, 0.13, 0.57))]


def story(data: dict[str, Any]) -> list[Flowable]:
    shared = data["shared_with"] or ["No copies of a pack or minutes naming these cases were printed."]
    out: list[Flowable] = [
        Paragraph(TITLE, STYLES["h1"]),
        para(f"Produced {data['produced']} for a request from the {data['requester']}.", "body"),
        para(f"Cases: {', '.join(data['case_refs']) or 'none'}.", "body"),
        Paragraph("Why it is held", STYLES["h2"]),
        *(para(p, "body") for p in data["purposes"]),
        Paragraph("Who it was shared with", STYLES["h2"]),
        *(para(line, "body") for line in shared),
        Paragraph("How long it is kept", STYLES["h2"]),
        para(
            f"A case is kept for {data['retention_years']} years after it is closed, then deleted "
            "(figures already reported stay as counts without identity).",
            "body",
        ),
        Paragraph("What is recorded", STYLES["h2"]),
    ]
    if data["requester"] == "perpetrator":
        out.append(para("Only what is recorded about the requester is included.", "body"))
    return out + _records(data)


def subject_access_bytes(conn: Connection, data: dict[str, Any]) -> bytes:
    marking = Marking(text=get_setting(conn, MARKING), copy_line="Subject access copy", doc_title=TITLE)
    return build_bytes(story(data), marking, title=TITLE)
