"""`dv-forum freedom ...`: Freedom Programme cohorts, enrolment, attendance and the summary PDF."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.errors import UserError
from dv_forum.freedom import attendance, cohorts, participants, report, sessions, summary
from dv_forum.vault import Vault

# A text, or (data, text) for --json: see dv_forum.cli.commands.
Output = str | tuple[Any, str]

# Single letters make marking a session from the keyboard quick: P present, A apologies, X absent.
MARK_LETTERS = {"p": "present", "a": "apologies", "x": "absent", "-": None}


def register(top: Commands) -> None:
    cmd = top.group("freedom", "Freedom Programme cohorts and attendance")

    cmd("cohorts", "list cohorts with enrolment and completion", cmd_cohorts, json=True)
    cmd(
        "rates",
        "completion rate per year (finished cohorts; running and planned apart)",
        cmd_rates,
        json=True,
    )

    p = cmd("report", "write a cohort's summary PDF (counts only)", cmd_report)
    p.add_argument("cohort")
    p.add_argument("--out", required=True, metavar="FILE.pdf")

    p = cmd("new-cohort", "set up a cohort (coordinator)", cmd_new_cohort)
    p.add_argument("--venue", required=True, help="venue code, never an address")
    p.add_argument("--start", required=True, help="first session date")
    p.add_argument("--time", required=True, help="start time, e.g. 10:00")
    p.add_argument("--code")
    p.add_argument("--facilitator", action="append", default=[])
    p.add_argument("--sessions", choices=sorted(sessions.PRESETS), default="12")
    p.add_argument("--capacity", type=int)
    p.add_argument("--creche", action="store_true")

    p = cmd("add-participant", "register a participant by code (coordinator)", cmd_add_participant)
    p.add_argument("--code")
    p.add_argument("--case", help="case reference of a linked referral")
    p.add_argument("--source", help="referral source")
    p.add_argument("--creche", action="store_true", help="needs a creche place")
    p.add_argument("--wait", action="store_true", help="put her on the waiting list")

    p = cmd("enrol", "enrol a participant in a cohort (coordinator)", cmd_enrol)
    p.add_argument("cohort")
    p.add_argument("participant")

    p = cmd("start", "start a cohort and offer its free places to the waiting list", cmd_start)
    p.add_argument("cohort")

    cmd("waiting", "the waiting list, oldest first", cmd_waiting, json=True)

    p = cmd("grid", "a cohort's attendance grid", cmd_grid, json=True)
    p.add_argument("cohort")

    p = cmd("attend", "record a session: CODE=p|a|x (present/apologies/absent)", cmd_attend)
    p.add_argument("cohort")
    p.add_argument("session", type=int)
    p.add_argument("marks", nargs="+", metavar="CODE=MARK")

    p = cmd("calls", "follow-up calls still to make", cmd_calls, json=True)
    p.add_argument("--cohort")

    p = cmd("call", "record a follow-up call made", cmd_call)
    p.add_argument("id", type=int)
    p.add_argument("outcome", choices=attendance.OUTCOMES)


def cmd_cohorts(vault: Vault, args: Args) -> Output:
    rows = [s.as_dict() for s in summary.cohort_summaries(vault)]
    lines = [
        f"{'Cohort':<12} {'Status':<9} {'Start':<10} {'End':<10} {'Held':>5} {'Enr':>4} {'Done':>4} Rate"
    ]
    for r in rows:
        rate = "-" if r["completion_rate"] is None else f"{r['completion_rate'] * 100:.0f}%"
        lines.append(
            f"{r['code']:<12} {r['status']:<9} {r['start_date']:<10} {r['end_date']:<10} "
            f"{r['sessions_held']:>2}/{r['sessions']:<2} {r['enrolled']:>4} {r['completed']:>4} {rate}"
        )
    return rows, "\n".join(lines) if rows else "No cohorts yet."


def cmd_rates(vault: Vault, args: Args) -> Output:
    rows = summary.yearly_rates(vault)
    text = "\n".join(summary.rates_line(r) for r in rows)
    return rows, text or "No cohorts yet."


def cmd_report(vault: Vault, args: Args) -> Output:
    out = Path(args.out).expanduser()
    pages = report.write_cohort_report(vault, args.cohort, out)
    return f"Wrote {out} ({pages} page{'s' if pages != 1 else ''})."


def cmd_new_cohort(vault: Vault, args: Args) -> Output:
    code = cohorts.create_cohort(
        vault,
        args.venue,
        args.start,
        args.time,
        code=args.code,
        facilitators=args.facilitator,
        topics=sessions.PRESETS[args.sessions],
        capacity=args.capacity,
        creche=args.creche,
    )
    return f"Cohort {code} set up."


def cmd_add_participant(vault: Vault, args: Args) -> Output:

    code = participants.add_participant(
        vault, code=args.code, case=args.case, referral_source=args.source, creche_need=args.creche
    )
    if args.wait:
        participants.add_to_waiting(vault, code)
    return f"Participant {code} added" + (" to the waiting list." if args.wait else ".")


def cmd_enrol(vault: Vault, args: Args) -> Output:
    e = participants.enrol(vault, args.cohort, args.participant)
    kind = " to catch up" if e.catch_up else ""
    return f"{e.participant_code} enrolled in {e.cohort_code}{kind} from session {e.first_session}."


def cmd_start(vault: Vault, args: Args) -> Output:
    offered = participants.start_cohort(vault, args.cohort)
    return f"Cohort started; {len(offered)} place(s) offered" + (
        f": {', '.join(offered)}." if offered else "."
    )


def cmd_waiting(vault: Vault, args: Args) -> Output:
    rows = [asdict(w) for w in participants.waiting_list(vault)]
    text = "\n".join(
        f"{w['participant_code']:<12} since {w['added_date']}  {w['status']}"
        + (f" ({w['offered_cohort']})" if w["offered_cohort"] else "")
        + ("  creche" if w["creche_need"] else "")
        for w in rows
    )
    return rows, text or "Nobody is waiting."


def cmd_grid(vault: Vault, args: Args) -> Output:
    g = attendance.grid(vault, args.cohort)
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
    return data, "\n".join(lines)


def cmd_attend(vault: Vault, args: Args) -> Output:
    marks: dict[str, str | None] = {}
    for item in args.marks:
        code, _, letter = item.partition("=")
        if not code or letter.lower() not in MARK_LETTERS:
            raise UserError(
                f"'{item[:30]}' is not CODE=p, CODE=a, CODE=x or CODE=-.", "Fix it and run again."
            )
        marks[code] = MARK_LETTERS[letter.lower()]
    needing = attendance.record_attendance(vault, args.cohort, args.session, marks)
    return f"Session {args.session} recorded: {len(marks)} marks; {len(needing)} follow-up call(s) to make."


def cmd_calls(vault: Vault, args: Args) -> Output:
    rows = [asdict(f) for f in attendance.follow_ups(vault, args.cohort)]
    text = "\n".join(
        f"#{f['id']:<5} {f['cohort_code']:<12} {f['participant_code']:<12} session {f['session_number']:>2} "
        f"({f['session_date']}) {f['mark']}"
        for f in rows
    )
    return rows, text or "No follow-up calls to make."


def cmd_call(vault: Vault, args: Args) -> Output:
    attendance.record_follow_up(vault, args.id, args.outcome)
    return "Follow-up call recorded."
