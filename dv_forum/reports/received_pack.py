"""The chair's pack, made in the chair's own vault from what the coordinator's vault sent her (the
meeting, its agenda with the pack summaries, the cases heard and the actions): her vault holds no
referrals, so the coordinator's pack builder cannot be used. Every page carries the vault's
protective marking; a copy can be AES-256 encrypted as the coordinator's packs are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from dv_forum.cases.fields import gender_words
from dv_forum.dates import shown
from dv_forum.errors import UserError
from dv_forum.exchange.chair import meeting_packs
from dv_forum.fsio import atomic_write
from dv_forum.marac.settings import MARKING, confidentiality_statement
from dv_forum.reports.marking import Marking
from dv_forum.reports.pack_layout import STYLES, build_bytes, frame_width, grid_style, para
from dv_forum.reports.pdf_encrypt import encrypt_aes256, generate_password
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

TITLE = "MARAC meeting pack"
COPY = "Chair's copy"
CASE_HEADERS = ("No.", "Case", "Referred", "Victim", "Band (DASH)", "Repeat", "Criteria", "Referred by")


@dataclass(frozen=True)
class Written:
    path: Path
    password: str | None


def find(conn: Connection, meeting_date: str) -> dict[str, Any]:
    for pack in meeting_packs(conn):
        if (pack["date"] or "")[:10] == meeting_date[:10]:
            return pack
    raise UserError(f"No meeting on {meeting_date[:10]} has arrived.", "Receive the latest bundle first.")


def _victim(case: dict[str, Any]) -> str:
    parts = [
        case.get("victim_initials") or "-",
        gender_words(case.get("victim_gender")),
        case.get("victim_age") or "",
    ]
    return " ".join(str(p) for p in parts if p)


def _case_rows(pack: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for n, item in enumerate(pack["agenda"], 1):
        case = item["case"]
        band = f"{case.get('risk_band') or '-'} ({case.get('dash_score') or '-'})"
        repeat = "yes" if case.get("is_repeat") == "1" else "no"
        criteria = (case.get("criteria") or "").replace(";", ", ").replace("_", " ")
        rows.append(
            [
                n,
                item.get("case_ref"),
                shown(case.get("referral_date")),
                _victim(case),
                band,
                repeat,
                criteria,
                case.get("referring_agency"),
            ]
        )
    return rows


def _table(headers: tuple[str, ...], rows: list[list[Any]], widths: tuple[float, ...]) -> Table:
    w = frame_width()
    body: list[list[object]] = [[para(h, "cellhead") for h in headers]]
    body += [[para("" if v is None else v) for v in r] for r in rows]
    return Table(body, colWidths=[f * w for f in widths], repeatRows=1, style=grid_style(row_count=len(body)))


def story(pack: dict[str, Any], statement: str) -> list[Flowable]:
    out: list[Flowable] = [
        Paragraph(TITLE, STYLES["h1"]),
        para(
            f"Meeting {pack['date']}   Venue: {pack.get('venue') or '-'}   Chair: {pack.get('chair') or '-'}",
            "body",
        ),
        para(statement, "body"),
        Spacer(1, 6),
        Paragraph("Cases", STYLES["h2"]),
    ]
    if pack["agenda"]:
        out.append(_table(CASE_HEADERS, _case_rows(pack), (0.05, 0.14, 0.11, 0.12, 0.12, 0.08, 0.22, 0.16)))
    else:
        out.append(para("No cases were sent for this meeting.", "body"))
    for n, item in enumerate(pack["agenda"], 1):
        out += [PageBreak(), Paragraph(f"{n}. Case {item.get('case_ref')}", STYLES["h2"])]
        out.append(para(item.get("summary") or "No summary was sent.", "body"))
    out += [Spacer(1, 8), Paragraph("Actions", STYLES["h2"])]
    rows = [
        [
            a.get("case_ref"),
            a.get("agency"),
            a.get("owner"),
            a.get("description"),
            shown(a.get("due_date")),
            a.get("status"),
        ]
        for a in pack["actions"]
    ]
    out.append(
        _table(
            ("Case", "Agency", "Owner", "Action", "Due", "Status"), rows, (0.15, 0.14, 0.13, 0.34, 0.12, 0.12)
        )
        if rows
        else para("No actions were sent.", "body")
    )
    return out


def pack_bytes(conn: Connection, meeting_date: str) -> bytes:
    pack = find(conn, meeting_date)
    marking = Marking(text=get_setting(conn, MARKING), copy_line=COPY, doc_title=f"{TITLE}: {pack['date']}")
    return build_bytes(story(pack, confidentiality_statement(conn)), marking, title=TITLE)


def write(vault: Vault, meeting_date: str, out: Path, encrypt: bool = False) -> Written:
    """Write the chair's copy for a received meeting (0600, atomic); audited with the date only."""
    vault.require(Perm.PRINT_PACKS)
    pdf = pack_bytes(vault.conn, meeting_date)
    password = generate_password() if encrypt else None
    atomic_write(Path(out), encrypt_aes256(pdf, password) if password else pdf)
    with vault.transaction():
        vault.audit(
            "exchange.pack.export", ref=meeting_date[:10], detail=COPY + ("; AES-256" if encrypt else "")
        )
    return Written(Path(out), password)
