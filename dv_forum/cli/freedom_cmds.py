"""`dv-forum freedom ...`: Freedom Programme cohorts, enrolment, attendance and the summary PDF."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.freedom import attendance, cohorts, participants, report, sessions, summary

# Single letters make marking a session from the keyboard quick: P present, A apologies, X absent.
MARK_LETTERS = {"p": "present", "a": "apologies", "x": "absent", "-": None}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    grp = sub.add_parser("freedom", help="Freedom Programme cohorts and attendance")
    cmds = grp.add_subparsers(dest="freedom_command", required=True, metavar="WHAT")

    p = cmds.add_parser("cohorts", help="list cohorts with enrolment and completion")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_cohorts)

    p = cmds.add_parser("rates", help="completion rate per year")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rates)

    p = cmds.add_parser("report", help="write a cohort's summary PDF (counts only)")
    p.add_argument("cohort")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_report)

    p = cmds.add_parser("new-cohort", help="set up a cohort (coordinator)")
    p.add_argument("--venue", required=True, help="venue code, never an address")
    p.add_argument("--start", required=True, help="first session date")
    p.add_argument("--time", required=True, help="start time, e.g. 10:00")
    p.add_argument("--code")
    p.add_argument("--facilitator", action="append", default=[])
    p.add_argument("--sessions", choices=sorted(sessions.PRESETS), default="12")
    p.add_argument("--capacity", type=int)
    p.add_argument("--creche", action="store_true")
    p.set_defaults(handler=cmd_new_cohort)

    p = cmds.add_parser("add-participant", help="register a participant by code (coordinator)")
    p.add_argument("--code")
    p.add_argument("--case", help="case reference of a linked referral")
    p.add_argument("--source", help="referral source")
    p.add_argument("--creche", action="store_true", help="needs a creche place")
    p.add_argument("--wait", action="store_true", help="put her on the waiting list")
    p.set_defaults(handler=cmd_add_participant)

    p = cmds.add_parser("enrol", help="enrol a participant in a cohort (coordinator)")
    p.add_argument("cohort")
    p.add_argument("participant")
    p.set_defaults(handler=cmd_enrol)

    p = cmds.add_parser("start", help="start a cohort and offer its free places to the waiting list")
    p.add_argument("cohort")
    p.set_defaults(handler=cmd_start)

    p = cmds.add_parser("waiting", help="the waiting list, oldest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_waiting)

    p = cmds.add_parser("grid", help="a cohort's attendance grid")
    p.add_argument("cohort")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_grid)

    p = cmds.add_parser("attend", help="record a session: CODE=p|a|x (present/apologies/absent)")
    p.add_argument("cohort")
    p.add_argument("session", type=int)
    p.add_argument("marks", nargs="+", metavar="CODE=MARK")
    p.set_defaults(handler=cmd_attend)

    p = cmds.add_parser("calls", help="follow-up calls still to make")
    p.add_argument("--cohort")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_calls)

    p = cmds.add_parser("call", help="record a follow-up call made")
    p.add_argument("id", type=int)
    p.add_argument("outcome", choices=attendance.OUTCOMES)
    p.set_defaults(handler=cmd_call)


def cmd_cohorts(args: argparse.Namespace, ctx: Context) -> int:
    rows = [s.as_dict() for s in summary.cohort_summaries(ctx.open_vault())]
    lines = [
        f"{'Cohort':<12} {'Status':<9} {'Start':<10} {'End':<10} {'Held':>5} {'Enr':>4} {'Done':>4} Rate"
    ]
    for r in rows:
        rate = "-" if r["completion_rate"] is None else f"{r['completion_rate'] * 100:.0f}%"
        lines.append(
            f"{r['code']:<12} {r['status']:<9} {r['start_date']:<10} {r['end_date']:<10} "
            f"{r['sessions_held']:>2}/{r['sessions']:<2} {r['enrolled']:>4} {r['completed']:>4} {rate}"
        )
    ctx.emit(rows, "\n".join(lines) if rows else "No cohorts yet.")
    return 0


def cmd_rates(args: argparse.Namespace, ctx: Context) -> int:
    rows = summary.yearly_rates(ctx.open_vault())
    text = "\n".join(
        f"{r['year']}: {r['completed']} of {r['enrolled']} completed"
        + ("" if r["completion_rate"] is None else f" ({r['completion_rate'] * 100:.0f}%)")
        for r in rows
    )
    ctx.emit(rows, text or "No cohorts yet.")
    return 0


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    out = Path(args.out).expanduser()
    pages = report.write_cohort_report(ctx.open_vault(), args.cohort, out)
    print(f"Wrote {out} ({pages} page{'s' if pages != 1 else ''}).")
    return 0


def cmd_new_cohort(args: argparse.Namespace, ctx: Context) -> int:
    code = cohorts.create_cohort(
        ctx.open_vault(),
        args.venue,
        args.start,
        args.time,
        code=args.code,
        facilitators=args.facilitator,
        topics=sessions.PRESETS[args.sessions],
        capacity=args.capacity,
        creche=args.creche,
    )
    print(f"Cohort {code} set up.")
    return 0


def cmd_add_participant(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    code = participants.add_participant(
        vault, code=args.code, case=args.case, referral_source=args.source, creche_need=args.creche
    )
    if args.wait:
        participants.add_to_waiting(vault, code)
    print(f"Participant {code} added" + (" to the waiting list." if args.wait else "."))
    return 0


def cmd_enrol(args: argparse.Namespace, ctx: Context) -> int:
    e = participants.enrol(ctx.open_vault(), args.cohort, args.participant)
    kind = " to catch up" if e.catch_up else ""
    print(f"{e.participant_code} enrolled in {e.cohort_code}{kind} from session {e.first_session}.")
    return 0


def cmd_start(args: argparse.Namespace, ctx: Context) -> int:
    offered = participants.start_cohort(ctx.open_vault(), args.cohort)
    print(
        f"Cohort started; {len(offered)} place(s) offered" + (f": {', '.join(offered)}." if offered else ".")
    )
    return 0


def cmd_waiting(args: argparse.Namespace, ctx: Context) -> int:
    rows = [asdict(w) for w in participants.waiting_list(ctx.open_vault())]
    text = "\n".join(
        f"{w['participant_code']:<12} since {w['added_date']}  {w['status']}"
        + (f" ({w['offered_cohort']})" if w["offered_cohort"] else "")
        + ("  creche" if w["creche_need"] else "")
        for w in rows
    )
    ctx.emit(rows, text or "Nobody is waiting.")
    return 0


def cmd_grid(args: argparse.Namespace, ctx: Context) -> int:
    g = attendance.grid(ctx.open_vault(), args.cohort)
    data = {
        "cohort": g.cohort_code,
        "sessions": [
            {"number": s.number, "topic": s.topic, "date": s.date, "held": s.held} for s in g.sessions
        ],
        "participants": [
            {
                "code": r.participant_code,
                "first_session": r.first_session,
                "catch_up": r.catch_up,
                "withdrawn": r.withdrawn,
                "attended": r.attended,
                "marks": {str(n): m for n, m in sorted(r.marks.items())},
            }
            for r in g.rows
        ],
    }
    letters = {"present": "P", "apologies": "A", "absent": "X"}
    lines = [f"{'':<12} " + " ".join(f"{s.number:>2}" for s in g.sessions)]
    for r in g.rows:
        cells = " ".join(f"{letters.get(r.marks.get(s.number, ''), '.'):>2}" for s in g.sessions)
        lines.append(f"{r.participant_code:<12} {cells}  {r.attended}")
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_attend(args: argparse.Namespace, ctx: Context) -> int:
    marks: dict[str, str | None] = {}
    for item in args.marks:
        code, _, letter = item.partition("=")
        if not code or letter.lower() not in MARK_LETTERS:
            raise UserError(
                f"'{item[:30]}' is not CODE=p, CODE=a, CODE=x or CODE=-.", "Fix it and run again."
            )
        marks[code] = MARK_LETTERS[letter.lower()]
    needing = attendance.record_attendance(ctx.open_vault(), args.cohort, args.session, marks)
    print(f"Session {args.session} recorded: {len(marks)} marks; {len(needing)} follow-up call(s) to make.")
    return 0


def cmd_calls(args: argparse.Namespace, ctx: Context) -> int:
    rows = [asdict(f) for f in attendance.follow_ups(ctx.open_vault(), args.cohort)]
    text = "\n".join(
        f"#{f['id']:<5} {f['cohort_code']:<12} {f['participant_code']:<12} session {f['session_number']:>2} "
        f"({f['session_date']}) {f['mark']}"
        for f in rows
    )
    ctx.emit(rows, text or "No follow-up calls to make.")
    return 0


def cmd_call(args: argparse.Namespace, ctx: Context) -> int:
    attendance.record_follow_up(ctx.open_vault(), args.id, args.outcome)
    print("Follow-up call recorded.")
    return 0
