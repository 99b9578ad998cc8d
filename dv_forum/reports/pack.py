"""The printed MARAC pack (ReportLab): cover and confidentiality statement, attendance sheet,
outstanding actions, case list, a page per case, the 12-months list and blank action-plan pages.

Agencies' research forms are never included: they are shared verbally at the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dv_forum.errors import UserError
from dv_forum.fsio import atomic_write
from dv_forum.marac.model import ACTION_STATUSES, ATTENDANCE_STATUSES, Action
from dv_forum.reports import pack_data
from dv_forum.reports.marking import Marking
from dv_forum.reports.pack_cases import case_list, case_page, lapsed_section
from dv_forum.reports.pack_data import PackData, short_date
from dv_forum.reports.pack_layout import (
    RULE,
    STYLES,
    build_bytes,
    frame_width,
    grid_style,
    para,
    section,
)
from dv_forum.reports.pdf_encrypt import encrypt_aes256, generate_password
from dv_forum.vault import Perm, Vault

CHAIR_COPY = "Chair's copy"
PDF_TITLE = "MARAC pack"  # metadata: no date, agency or case data
BLANK_PLAN_PAGES = 2


def copy_line(data: PackData, recipient: str | None) -> str:
    if recipient is None:
        return CHAIR_COPY
    names = data.recipients()
    if recipient not in names:
        raise UserError(
            f"{recipient[:60]} is not recorded as present at the {data.meeting.date} meeting.",
            "Record its attendance first, or print the chair's copy.",
        )
    return f"Copy {names.index(recipient) + 1} of {len(names)}: {recipient}"


def cover(data: PackData, line: str) -> list[Flowable]:
    m = data.meeting
    facts = Table(
        [
            [para("Date", "cellhead"), para(data.long_date)],
            [para("Venue", "cellhead"), para(m.venue or "To be confirmed")],
            [para("Chair", "cellhead"), para(m.chair or "To be confirmed")],
            [para("Cases", "cellhead"), para(str(len(data.cases)))],
        ],
        colWidths=[30 * mm, 90 * mm],
        style=TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )
    copy_box = Table(
        [[Paragraph(line, STYLES["copy"])]],
        colWidths=[120 * mm],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
    statement = [Paragraph("Confidentiality agreement", STYLES["h2"])]
    statement += [para(p.strip(), "body") for p in data.statement.split("\n\n") if p.strip()]
    statement_box = Table(
        [[statement]],
        colWidths=[frame_width()],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    return [
        Spacer(1, 10 * mm),
        Paragraph(escape(data.marac_name or "MARAC"), STYLES["title"]),
        Paragraph("Multi-Agency Risk Assessment Conference", STYLES["subtitle"]),
        *([Paragraph(escape(data.partnership), STYLES["subtitle"])] if data.partnership else []),
        Paragraph("Meeting pack", STYLES["subtitle"]),
        Spacer(1, 8 * mm),
        facts,
        Spacer(1, 8 * mm),
        copy_box,
        Spacer(1, 10 * mm),
        statement_box,
        Spacer(1, 4 * mm),
        para(
            "Agencies' research forms are not part of this pack: they are shared verbally at the meeting.",
            "small",
        ),
        PageBreak(),
    ]


def attendance_sheet(data: PackData) -> list[Flowable]:
    recorded = {a.agency: a for a in data.attendance}
    names = list(data.agencies) + [a.agency for a in data.attendance if a.agency not in data.agencies]
    rows: list[list[object]] = [[para(h, "cellhead") for h in ("Agency", "Name", "Recorded", "Signature")]]
    for agency in names:
        a = recorded.get(agency)
        rows.append(
            [
                para(agency),
                para(a.name if a else ""),
                para(ATTENDANCE_STATUSES[a.status] if a else ""),
                "",
            ]
        )
    for _ in range(3):
        rows.append(["", "", "", ""])
    w = frame_width()
    table = Table(
        rows,
        colWidths=[0.28 * w, 0.27 * w, 0.17 * w, 0.28 * w],
        repeatRows=1,
        rowHeights=[None] + [9 * mm] * (len(rows) - 1),
        style=grid_style(row_count=len(rows), zebra=False),
    )
    table.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    obs: list[list[object]] = [
        [para(h, "cellhead") for h in ("Observer", "Organisation", "Confidentiality signed", "Signature")]
    ]
    for o in data.observers:
        obs.append(
            [
                para(o.name),
                para(o.organisation or ""),
                para("Yes" if o.confidentiality_signed else "No"),
                "",
            ]
        )
    for _ in range(max(2, 4 - len(data.observers))):
        obs.append(["", "", "", ""])
    obs_table = Table(
        obs,
        colWidths=[0.28 * w, 0.27 * w, 0.17 * w, 0.28 * w],
        repeatRows=1,
        rowHeights=[None] + [9 * mm] * (len(obs) - 1),
        style=grid_style(row_count=len(obs), zebra=False),
    )
    obs_table.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    return section(
        "Attendance",
        "Sign to confirm you have read and accept the confidentiality agreement.",
    ) + [
        table,
        Spacer(1, 6 * mm),
        KeepTogether([Paragraph("Observers", STYLES["h2"]), obs_table]),
        PageBreak(),
    ]


def actions_table(actions: list[Action], with_meeting: bool, blank_update: bool) -> Table:
    w = frame_width()
    heads = (["Agreed"] if with_meeting else []) + [
        "Case",
        "Agency",
        "Owner",
        "Action",
        "Due",
        "Status",
    ]
    widths = ([0.11] if with_meeting else []) + [
        0.155,
        0.13,
        0.12,
        0.255 if with_meeting else 0.365,
        0.11,
        0.12,
    ]
    if blank_update:
        heads[-1] = "Update"
    rows: list[list[object]] = [[para(h, "cellhead") for h in heads]]
    for a in actions:
        row = ([para(short_date(a.meeting_date))] if with_meeting else []) + [
            para(a.case_ref),
            para(a.agency),
            para(a.owner or ""),
            para(a.description),
            para(short_date(a.due_date)),
            para("" if blank_update else ACTION_STATUSES[a.status]),
        ]
        rows.append(row)
    return Table(rows, colWidths=[f * w for f in widths], repeatRows=1, style=grid_style(row_count=len(rows)))


def outstanding_section(data: PackData) -> list[Flowable]:
    out = section(
        "Outstanding actions from previous meetings",
        "Actions still open. Each agency reports progress; record done, not done, or "
        "not possible due to a change of circumstances.",
    )
    # The outstanding rows also hold actions already reviewed at this meeting (the minutes show
    # that review); one marked done or not possible is not "still open" for the agencies.
    still_open = [a for a in data.outstanding if a.status == "open"]
    if still_open:
        out.append(actions_table(still_open, with_meeting=True, blank_update=True))
    else:
        out.append(para("There are no outstanding actions.", "body"))
    return out + [PageBreak()]


def blank_plans(pages: int = BLANK_PLAN_PAGES) -> list[Flowable]:
    w = frame_width()
    out: list[Flowable] = []
    heads = ("Case ref", "Agency", "Owner", "Action agreed", "Due")
    for page in range(pages):
        rows: list[list[object]] = [[para(h, "cellhead") for h in heads]]
        rows += [["", "", "", "", ""] for _ in range(16)]
        out.append(Paragraph("Action plan", STYLES["h1"]))
        out.append(
            Table(
                rows,
                colWidths=[0.15 * w, 0.17 * w, 0.15 * w, 0.41 * w, 0.12 * w],
                rowHeights=[None] + [13 * mm] * 16,
                repeatRows=1,
                style=grid_style(row_count=len(rows), zebra=False),
            )
        )
        if page < pages - 1:
            out.append(PageBreak())
    return out


def story(data: PackData, line: str) -> list[Flowable]:
    out = cover(data, line) + attendance_sheet(data) + outstanding_section(data) + case_list(data)
    for i, case in enumerate(data.cases, start=1):
        out += case_page(data, case, i)
    return out + lapsed_section(data) + blank_plans()


def pack_bytes(data: PackData, recipient: str | None = None, compress: bool = True) -> bytes:
    line = copy_line(data, recipient)
    marking = Marking(text=data.marking, copy_line=line, doc_title=f"MARAC pack: {data.long_date}")
    return build_bytes(story(data, line), marking, title=PDF_TITLE, compress=compress)


@dataclass(frozen=True)
class RenderedPack:
    data: bytes
    copy_line: str
    password: str | None = None  # shown to the user once, never stored


def _load_for_print(vault: Vault, meeting_id: int) -> PackData:
    vault.require(Perm.PRINT_PACKS)
    return pack_data.load_current(vault, meeting_id)


def render_pack(
    vault: Vault,
    meeting_id: int,
    recipient: str | None = None,
    purpose: str = "print",
    compress: bool = True,
) -> RenderedPack:
    """The pack in memory (for preview and printing; nothing is written). Audited with the
    meeting date, the copy and the purpose."""
    data = _load_for_print(vault, meeting_id)
    line = copy_line(data, recipient)
    pdf = pack_bytes(data, recipient, compress=compress)
    with vault.transaction():
        vault.audit(f"marac.pack.{purpose}", ref=data.meeting.date, detail=line)
    return RenderedPack(pdf, line)


def write_pack(
    vault: Vault,
    meeting_id: int,
    out: Path,
    recipient: str | None = None,
    encrypt: bool = False,
    password: str | None = None,
    compress: bool = True,
) -> RenderedPack:
    """Write one copy atomically (0600). With ``encrypt``, AES-256 with ``password`` or a
    generated one, returned in the result to be shown once."""
    data = _load_for_print(vault, meeting_id)
    line = copy_line(data, recipient)
    pdf = pack_bytes(data, recipient, compress=compress)
    secret = None
    if encrypt:
        secret = password or generate_password()
        pdf = encrypt_aes256(pdf, secret)
    atomic_write(Path(out), pdf)
    with vault.transaction():
        vault.audit(
            "marac.pack.export",
            ref=data.meeting.date,
            detail=line + ("; AES-256" if encrypt else ""),
        )
    return RenderedPack(pdf, line, secret)


def recipient_file_name(meeting_date: str, copy_number: int) -> str:
    """File names carry the meeting date and copy number only: no agency, no case data."""
    return f"marac-pack-{meeting_date}-copy{copy_number:02d}.pdf"


def write_recipient_packs(
    vault: Vault,
    meeting_id: int,
    folder: Path,
    encrypt: bool = False,
) -> list[tuple[Path, RenderedPack]]:
    """One PDF per agency present, each with its own copy number (and its own password)."""
    data = _load_for_print(vault, meeting_id)
    names = data.recipients()
    if not names:
        raise UserError(
            "No agency is recorded as present at this meeting.",
            "Record attendance first, or print the chair's copy.",
        )
    written = []
    for number, agency in enumerate(names, start=1):
        path = Path(folder) / recipient_file_name(data.meeting.date, number)
        written.append((path, write_pack(vault, meeting_id, path, agency, encrypt)))
    return written
