"""MARAC commands: meetings list/add/series, pack, minutes, actions list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.marac import actions, meetings
from dv_forum.marac.common import meeting_by_date
from dv_forum.reports import minutes_pdf, pack
from dv_forum.vault import Perm, Vault

# A text, or (data, text) for --json: see dv_forum.cli.commands.
Output = str | tuple[Any, str]


def register(top: Commands) -> None:
    mt = top.group("meetings", "MARAC meetings")
    mt("list", "list MARAC meetings", cmd_meetings_list, json=True)
    p = mt("add", "schedule a one-off meeting", cmd_meetings_add)
    p.add_argument("date", metavar="DATE")
    p.add_argument("--venue", metavar="CODE", help="venue code (never an address)")
    p.add_argument("--chair")
    p = mt("series", "schedule recurring meetings", cmd_meetings_series)
    p.add_argument("start", metavar="DATE", help="first date (the weekday is kept)")
    p.add_argument("--pattern", choices=["fortnightly", "monthly"], required=True)
    p.add_argument("--count", type=int, default=6)
    p.add_argument("--venue", metavar="CODE")
    p.add_argument("--chair")

    p = top("pack", "write the MARAC pack for a meeting", cmd_pack)
    p.add_argument("date", metavar="DATE")
    p.add_argument(
        "--out", required=True, metavar="FILE.pdf", help="the PDF to write (a folder with --each-agency)"
    )
    p.add_argument("--recipient", metavar="AGENCY", help="an attending agency's numbered copy")
    p.add_argument("--each-agency", action="store_true", help="one numbered copy per agency present")
    p.add_argument("--encrypt", action="store_true", help="AES-256 with a generated password, shown once")

    p = top("minutes", "write the minutes of a meeting as a PDF", cmd_minutes)
    p.add_argument("date", metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.pdf")

    p = top.group("actions", "MARAC actions")("list", "list MARAC actions", cmd_actions_list, json=True)
    p.add_argument("--overdue", action="store_true", help="only open actions past their due date")


def cmd_meetings_list(vault: Vault, args: Args) -> Output:
    rows = meetings.list_meetings(vault)
    counts = {
        r[0]: r[1]
        for r in vault.conn.execute("SELECT meeting_id, COUNT(*) FROM agenda_items GROUP BY meeting_id")
    }
    data = [dict(m.to_dict(), cases=counts.get(m.id, 0)) for m in rows]
    lines = [
        f"{m.date}  {m.status:<9}  {counts.get(m.id, 0):>3} cases  {m.venue or '-':<12} {m.chair or '-'}"
        for m in rows
    ]
    return data, "\n".join(lines) if lines else "No meetings yet."


def cmd_meetings_add(vault: Vault, args: Args) -> Output:
    m = meetings.add_meeting(vault, args.date, args.venue, args.chair)
    return f"Meeting scheduled for {m.date}."


def cmd_meetings_series(vault: Vault, args: Args) -> Output:
    made = meetings.schedule_series(vault, args.start, args.pattern, args.count, args.venue, args.chair)
    return f"{len(made)} meetings scheduled: " + ", ".join(m.date for m in made)


def _check_pdf_target(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise UserError("The output file must end in .pdf.", "For example: --out pack-copy1.pdf")


def cmd_pack(vault: Vault, args: Args) -> Output:
    vault.require(Perm.PRINT_PACKS)
    meeting = meeting_by_date(vault.conn, args.date)
    out = Path(args.out).expanduser()
    if args.each_agency:
        if args.recipient:
            raise UserError("Use either --recipient or --each-agency.", "Choose one.")
        if not out.is_dir():
            raise UserError(f"{out} is not a folder.", "With --each-agency, --out names a folder.")
        written = pack.write_recipient_packs(vault, meeting.id, out, encrypt=args.encrypt)
        lines = [
            f"{path.name}: {result.copy_line}" + (f"  password: {result.password}" if result.password else "")
            for path, result in written
        ]
        if args.encrypt:
            lines.append(
                "Passwords are shown once and not stored: send each by a different route than its file."
            )
        return "\n".join(lines)
    _check_pdf_target(out)
    result = pack.write_pack(vault, meeting.id, out, args.recipient, encrypt=args.encrypt)
    text = f"Wrote {out.name}: {result.copy_line}."
    if result.password:
        text += f"\nPassword (shown once, not stored): {result.password}"
    return text


def cmd_minutes(vault: Vault, args: Args) -> Output:
    meeting = meeting_by_date(vault.conn, args.date)
    out = Path(args.out).expanduser()
    _check_pdf_target(out)
    minutes_pdf.write_minutes(vault, meeting.id, out)
    draft = "" if meeting.status == "approved" else " (draft: not yet approved)"
    return f"Wrote the minutes of {meeting.date}{draft} to {out.name}."


def cmd_actions_list(vault: Vault, args: Args) -> Output:
    rows = actions.list_actions(vault, overdue=args.overdue, today=date.today())
    lines = [
        f"{a.meeting_date}  {a.case_ref:<14} {a.agency:<24} due {a.due_date or '-':<10}  {a.status_label}"
        for a in rows
    ]
    empty = "No overdue actions." if args.overdue else "No actions yet."
    return [a.to_dict() for a in rows], "\n".join(lines) if lines else empty
