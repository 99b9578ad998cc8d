"""Minutes of a MARAC meeting as a PDF, with the same markings as the pack. Draft minutes say so
on every page's header; approved minutes carry the approval."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from dv_forum.fsio import atomic_write
from dv_forum.marac.model import ATTENDANCE_STATUSES, Action
from dv_forum.reports import pack_data
from dv_forum.reports.marking import Marking
from dv_forum.reports.pack import actions_table
from dv_forum.reports.pack_cases import band_text, criteria_text, repeat_text
from dv_forum.reports.pack_data import PackData
from dv_forum.reports.pack_layout import STYLES, build_bytes, frame_width, grid_style, para
from dv_forum.vault import Perm, Vault

PDF_TITLE = "MARAC minutes"
MINUTES_COPY = "Minutes: circulate to attending agencies only"


def _people(data: PackData) -> list[Flowable]:
    w = frame_width()
    rows: list[list[object]] = [[para(h, "cellhead") for h in ("Agency", "Name", "Attendance")]]
    for a in data.attendance:
        rows.append([para(a.agency), para(a.name or ""), para(ATTENDANCE_STATUSES[a.status])])
    out: list[Flowable] = [Paragraph("Attendance", STYLES["h2"])]
    if len(rows) > 1:
        out.append(
            Table(
                rows,
                colWidths=[0.4 * w, 0.35 * w, 0.25 * w],
                repeatRows=1,
                style=grid_style(row_count=len(rows)),
            )
        )
    else:
        out.append(para("No attendance was recorded.", "body"))
    if data.observers:
        obs: list[list[object]] = [
            [para(h, "cellhead") for h in ("Observer", "Organisation", "Confidentiality signed")]
        ]
        for o in data.observers:
            obs.append(
                [
                    para(o.name),
                    para(o.organisation or ""),
                    para("Yes" if o.confidentiality_signed else "No"),
                ]
            )
        out += [
            Paragraph("Observers", STYLES["h2"]),
            Table(
                obs,
                colWidths=[0.4 * w, 0.35 * w, 0.25 * w],
                repeatRows=1,
                style=grid_style(row_count=len(obs)),
            ),
        ]
    return out


def story(data: PackData) -> list[Flowable]:
    m = data.meeting
    state = "Approved" if m.status == "approved" else "DRAFT - not yet approved"
    out: list[Flowable] = [
        Paragraph(escape(f"{data.marac_name or 'MARAC'} minutes"), STYLES["h1"]),
        *([para(data.partnership, "body")] if data.partnership else []),
        para(f"{data.long_date}   Venue: {m.venue or '-'}   Chair: {m.chair or '-'}", "body"),
        para(f"Status: {state}", "body"),
        Spacer(1, 2 * mm),
    ]
    out += _people(data)
    out.append(Paragraph("Review of outstanding actions", STYLES["h2"]))
    if data.outstanding:
        out.append(actions_table(data.outstanding, with_meeting=True, blank_update=False))
    else:
        out.append(para("There were no outstanding actions.", "body"))
    by_case: dict[int, list[Action]] = {}
    for a in data.actions:
        by_case.setdefault(a.referral_id, []).append(a)
    for case in data.cases:
        head = Paragraph(f"{case.position}. {case.case_ref}", STYLES["h2"])
        facts = para(
            f"Initials {case.initials or '-'}; criteria: {criteria_text(case.criteria) or '-'}; "
            f"DASH {band_text(case.dash_score, case.risk_band) or '-'}; repeat: {repeat_text(case)}; "
            f"referred by {case.referring_agency or '-'}; children "
            f"{case.children if case.children is not None else '-'}.",
            "small",
        )
        info = data.minutes.get(case.referral_id, "").strip() or "No information recorded."
        block: list[Flowable] = [head, facts, Spacer(1, 1.5 * mm), para(info, "body")]
        actions = by_case.get(case.referral_id, [])
        if actions:
            block.append(actions_table(actions, with_meeting=False, blank_update=False))
        else:
            block.append(para("No actions agreed.", "small"))
        # Keep a case's heading with its first lines; long minutes may still flow on.
        out.append(KeepTogether(block[:3]))
        out += block[3:]
    return out


def minutes_bytes(data: PackData, compress: bool = True) -> bytes:
    marking = Marking(text=data.marking, copy_line=MINUTES_COPY, doc_title=f"MARAC minutes: {data.long_date}")
    return build_bytes(story(data), marking, title=PDF_TITLE, compress=compress)


def write_minutes(vault: Vault, meeting_id: int, out: Path, compress: bool = True) -> bytes:
    vault.require(Perm.PRINT_PACKS)
    vault.require(Perm.VIEW_MEETINGS)
    data = pack_data.load_current(vault, meeting_id)
    pdf = minutes_bytes(data, compress=compress)
    atomic_write(Path(out), pdf)
    with vault.transaction():
        vault.audit("marac.minutes.export", ref=data.meeting.date, detail=data.meeting.status)
    return pdf


def render_minutes(vault: Vault, meeting_id: int, purpose: str = "print") -> bytes:
    vault.require(Perm.PRINT_PACKS)
    data = pack_data.load_current(vault, meeting_id)
    pdf = minutes_bytes(data)
    with vault.transaction():
        vault.audit(f"marac.minutes.{purpose}", ref=data.meeting.date, detail=data.meeting.status)
    return pdf
