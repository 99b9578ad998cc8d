"""The pack's case pages: the case list in agenda order, one page per case with what the chair
needs, and the cases not heard for 12 months or more."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from dv_forum.cases.fields import gender_words
from dv_forum.marac.model import CaseRow
from dv_forum.reports.pack_data import PackData, short_date
from dv_forum.reports.pack_layout import HEAD_FILL, RULE, STYLES, frame_width, grid_style, para, section

BLANK_ACTION_ROWS = 7  # lines for the actions agreed, on each case page
ANALYSIS_LINES = 4  # ruled lines for the risk analysis the meeting agrees


def yes_no(value: int | None) -> str:
    return "not recorded" if value is None else ("Yes" if value else "No")


def band_text(score: int | None, band: str | None) -> str:
    if score is None and not band:
        return ""
    return f"{'' if score is None else score} {band or ''}".strip()


def repeat_text(case: CaseRow) -> str:
    if not case.is_repeat:
        return "No"
    return f"Yes ({short_date(case.last_referral_date)})" if case.last_referral_date else "Yes"


def perpetrators_text(case: CaseRow) -> str:
    count = str(case.perpetrators) if case.perpetrators else "not known"
    if case.serial_perp:
        return f"{count}; serial perpetrator (another victim within 12 months)"
    return count


def criteria_text(text: str) -> str:
    return ", ".join(p.strip().replace("_", " ") for p in text.split(";") if p.strip())


CASE_HEADS = (
    "No.",
    "Case ref",
    "Init.",
    "Age",
    "Referral criteria",
    "DASH",
    "Repeat (last)",
    "Referred by",
    "Children",
    "IDVA",
)
CASE_WIDTHS = (0.05, 0.155, 0.055, 0.05, 0.175, 0.075, 0.12, 0.12, 0.09, 0.11)


def case_list(data: PackData) -> list[Flowable]:
    out = section("Case list", f"{len(data.cases)} cases, in agenda order.")
    rows: list[list[object]] = [[para(h, "cellhead") for h in CASE_HEADS]]
    for c in data.cases:
        rows.append(
            [
                para(c.position),
                para(
                    c.case_ref
                    + (f" (transferred in from {c.transferred_from})" if c.transferred_from else "")
                ),
                para(c.initials or ""),
                para("" if c.age is None else c.age),
                para(criteria_text(c.criteria)),
                para(band_text(c.dash_score, c.risk_band)),
                para(repeat_text(c)),
                para(c.referring_agency or ""),
                para("" if c.children is None else c.children),
                para(c.idva or ""),
            ]
        )
    w = frame_width()
    # Table rows are never split across pages by ReportLab; repeatRows carries the header over.
    out.append(
        Table(
            rows,
            colWidths=[f * w for f in CASE_WIDTHS],
            repeatRows=1,
            style=grid_style(row_count=len(rows)),
        )
    )
    return out + [PageBreak()]


def _facts(case: CaseRow) -> list[tuple[str, str]]:
    """The case page's table: what the chair needs, in two columns."""
    return [
        ("Case reference", case.case_ref),
        ("Initials", case.initials or ""),
        ("Age", "" if case.age is None else str(case.age)),
        ("Gender", gender_words(case.gender)),
        ("Referral date", short_date(case.referral_date)),
        ("DASH score and band", band_text(case.dash_score, case.risk_band)),
        ("Repeat", repeat_text(case)),
        ("Referring agency", case.referring_agency or ""),
        ("Children in household", "" if case.children is None else str(case.children)),
        ("IDVA", case.idva or ""),
        ("Perpetrators", perpetrators_text(case)),
        ("Victim aware of referral", yes_no(case.victim_aware)),
        ("Consent to share", yes_no(case.consent)),
        ("Perpetrator details", case.perpetrator_details or "not recorded"),
        ("Children's ages", case.children_ages or ("none recorded" if not case.children else "not recorded")),
    ]


def case_page(data: PackData, case: CaseRow, index: int) -> list[Flowable]:
    w = frame_width()
    facts = _facts(case)
    half = (len(facts) + 1) // 2
    grid: list[list[object]] = []
    for i in range(half):
        left = facts[i]
        right = facts[i + half] if i + half < len(facts) else ("", "")
        grid.append([para(left[0], "cellhead"), para(left[1]), para(right[0], "cellhead"), para(right[1])])
    facts_table = Table(
        grid,
        colWidths=[0.19 * w, 0.31 * w, 0.19 * w, 0.31 * w],
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                ("BACKGROUND", (2, 0), (2, -1), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        ),
    )
    summary = case.summary or "No summary was prepared. The referring agency presents the case."
    heads = ("Agency", "Owner", "Action agreed", "Due")
    plan: list[list[object]] = [[para(h, "cellhead") for h in heads]]
    plan += [["", "", "", ""] for _ in range(BLANK_ACTION_ROWS)]
    plan_table = Table(
        plan,
        colWidths=[0.18 * w, 0.16 * w, 0.52 * w, 0.14 * w],
        repeatRows=1,
        rowHeights=[None] + [11 * mm] * BLANK_ACTION_ROWS,
        style=grid_style(row_count=len(plan), zebra=False),
    )
    # The criteria the referral meets, in words: free text from the referral (its notes, the
    # professional judgement's reason) may name people and is never printed.
    reason = criteria_text(case.criteria) or "no criterion recorded"
    analysis = Table(
        [[""] for _ in range(ANALYSIS_LINES)],
        colWidths=[w],
        rowHeights=[9 * mm] * ANALYSIS_LINES,
        style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]),
    )
    return [
        Paragraph(f"Case {index} of {len(data.cases)}: {case.case_ref}", STYLES["h1"]),
        facts_table,
        Paragraph("Reason for referral", STYLES["h2"]),
        para(reason, "body"),
        Paragraph("Summary (anonymised)", STYLES["h2"]),
        para(summary, "body"),
        Paragraph("Risk analysis (agreed at the meeting)", STYLES["h2"]),
        analysis,
        CondPageBreak(60 * mm),
        Paragraph("Actions", STYLES["h2"]),
        plan_table,
        PageBreak(),
    ]


def lapsed_section(data: PackData) -> list[Flowable]:
    out = section(
        "Cases 12 months since their last MARAC",
        "For information: the 12-month repeat window has closed since the last meeting with no new referral.",
    )
    if not data.lapsed:
        return out + [para("No cases this time.", "body"), PageBreak()]
    rows: list[list[object]] = [
        [para(h, "cellhead") for h in ("Case ref", "Initials", "Last heard", "Referred by")]
    ]
    for c in data.lapsed:
        rows.append(
            [
                para(c.case_ref),
                para(c.initials or ""),
                para(short_date(c.last_heard)),
                para(c.referring_agency or ""),
            ]
        )
    w = frame_width()
    out.append(
        Table(
            rows,
            colWidths=[0.25 * w, 0.15 * w, 0.2 * w, 0.4 * w],
            repeatRows=1,
            style=grid_style(row_count=len(rows)),
        )
    )
    return out + [PageBreak()]
