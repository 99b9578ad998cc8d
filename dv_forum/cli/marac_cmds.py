"""MARAC commands: meetings list/add/series, pack, minutes, actions list."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.marac import actions, meetings
from dv_forum.marac.common import meeting_by_date
from dv_forum.reports import minutes_pdf, pack
from dv_forum.vault import Perm


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    mt = group(sub, "meetings", "MARAC meetings")
    p = mt.add_parser("list", help="list MARAC meetings")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meetings_list)
    p = mt.add_parser("add", help="schedule a one-off meeting")
    p.add_argument("date", metavar="DATE")
    p.add_argument("--venue", metavar="CODE", help="venue code (never an address)")
    p.add_argument("--chair")
    p.set_defaults(handler=cmd_meetings_add)
    p = mt.add_parser("series", help="schedule recurring meetings")
    p.add_argument("start", metavar="DATE", help="first date (the weekday is kept)")
    p.add_argument("--pattern", choices=["fortnightly", "monthly"], required=True)
    p.add_argument("--count", type=int, default=6)
    p.add_argument("--venue", metavar="CODE")
    p.add_argument("--chair")
    p.set_defaults(handler=cmd_meetings_series)

    p = sub.add_parser("pack", help="write the MARAC pack for a meeting")
    p.add_argument("date", metavar="DATE")
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE.pdf",
        help="the PDF to write (a folder with --each-agency)",
    )
    p.add_argument("--recipient", metavar="AGENCY", help="an attending agency's numbered copy")
    p.add_argument("--each-agency", action="store_true", help="one numbered copy per agency present")
    p.add_argument("--encrypt", action="store_true", help="AES-256 with a generated password, shown once")
    p.set_defaults(handler=cmd_pack)

    p = sub.add_parser("minutes", help="write the minutes of a meeting as a PDF")
    p.add_argument("date", metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_minutes)

    ac = group(sub, "actions", "MARAC actions")
    p = ac.add_parser("list", help="list MARAC actions")
    p.add_argument("--overdue", action="store_true", help="only open actions past their due date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_actions_list)


def cmd_meetings_list(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
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
    ctx.emit(data, "\n".join(lines) if lines else "No meetings yet.")
    return 0


def cmd_meetings_add(args: argparse.Namespace, ctx: Context) -> int:
    m = meetings.add_meeting(ctx.open_vault(), args.date, args.venue, args.chair)
    print(f"Meeting scheduled for {m.date}.")
    return 0


def cmd_meetings_series(args: argparse.Namespace, ctx: Context) -> int:
    made = meetings.schedule_series(
        ctx.open_vault(), args.start, args.pattern, args.count, args.venue, args.chair
    )
    print(f"{len(made)} meetings scheduled: " + ", ".join(m.date for m in made))
    return 0


def _check_pdf_target(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise UserError("The output file must end in .pdf.", "For example: --out pack-copy1.pdf")


def cmd_pack(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    vault.require(Perm.PRINT_PACKS)
    meeting = meeting_by_date(vault.conn, args.date)
    out = Path(args.out).expanduser()
    if args.each_agency:
        if args.recipient:
            raise UserError("Use either --recipient or --each-agency.", "Choose one.")
        if not out.is_dir():
            raise UserError(f"{out} is not a folder.", "With --each-agency, --out names a folder.")
        written = pack.write_recipient_packs(vault, meeting.id, out, encrypt=args.encrypt)
        for path, result in written:
            print(
                f"{path.name}: {result.copy_line}"
                + (f"  password: {result.password}" if result.password else "")
            )
        if args.encrypt:
            print("Passwords are shown once and not stored: send each by a different route than its file.")
        return 0
    _check_pdf_target(out)
    result = pack.write_pack(vault, meeting.id, out, args.recipient, encrypt=args.encrypt)
    print(f"Wrote {out.name}: {result.copy_line}.")
    if result.password:
        print(f"Password (shown once, not stored): {result.password}")
    return 0


def cmd_minutes(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    meeting = meeting_by_date(vault.conn, args.date)
    out = Path(args.out).expanduser()
    _check_pdf_target(out)
    minutes_pdf.write_minutes(vault, meeting.id, out)
    draft = "" if meeting.status == "approved" else " (draft: not yet approved)"
    print(f"Wrote the minutes of {meeting.date}{draft} to {out.name}.")
    return 0


def cmd_actions_list(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    rows = actions.list_actions(vault, overdue=args.overdue, today=date.today())
    lines = [
        f"{a.meeting_date}  {a.case_ref:<14} {a.agency:<24} due {a.due_date or '-':<10}  {a.status_label}"
        for a in rows
    ]
    empty = "No overdue actions." if args.overdue else "No actions yet."
    ctx.emit([a.to_dict() for a in rows], "\n".join(lines) if lines else empty)
    return 0
