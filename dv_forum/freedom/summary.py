"""Counts per cohort and per year: what the coordinator reports. Counts only, never codes."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dv_forum.freedom.cohorts import WEEKDAYS, Cohort, all_cohorts, load_cohort
from dv_forum.freedom.completion import Progress, progress_all, required_sessions
from dv_forum.freedom.settings import COMPLETION_SESSIONS
from dv_forum.settings import get_setting
from dv_forum.vault import Perm, Vault


def rate(done: int, of: int) -> float | None:
    return round(done / of, 3) if of else None


@dataclass(frozen=True)
class CohortSummary:
    code: str
    venue_code: str
    status: str
    start_date: str
    end_date: str
    weekday: str
    start_time: str
    sessions: int
    sessions_held: int
    capacity: int
    creche: bool
    enrolled: int  # joined as their main cohort (withdrawn included: they count against the rate)
    active: int  # still enrolled, catch-up places included
    rolling_entries: int
    catch_up: int
    withdrawn: int
    completed: int
    completion_rate: float | None
    required: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CohortDetail:
    summary: CohortSummary
    topics: list[str]
    per_session: list[dict[str, int]]  # counts of present / apologies / absent per session
    creche_needed: int
    follow_ups_made: int
    follow_ups_outstanding: int
    follow_up_outcomes: dict[str, int] = field(default_factory=dict)
    attended_bands: dict[str, int] = field(default_factory=dict)  # sessions attended -> participants


def _summary(conn: Any, cohort: Cohort, progress: dict[int, Progress], today: date) -> CohortSummary:
    rows = conn.execute(
        "SELECT participant_id, first_session, catch_up, status FROM freedom_enrolments WHERE cohort_id = ?",
        (cohort.id,),
    ).fetchall()
    mains = [r for r in rows if not r["catch_up"]]
    completed = sum(1 for r in mains if (p := progress.get(r["participant_id"])) and p.completed)
    required = next((p.required for r in mains if (p := progress.get(r["participant_id"]))), 0)
    if not required:
        required = required_sessions(get_setting(conn, COMPLETION_SESSIONS), len(cohort.sessions))
    return CohortSummary(
        code=cohort.code,
        venue_code=cohort.venue_code,
        status=cohort.status(today),
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        weekday=WEEKDAYS[cohort.weekday],
        start_time=cohort.start_time,
        sessions=len(cohort.sessions),
        sessions_held=cohort.held,
        capacity=cohort.capacity,
        creche=cohort.creche,
        enrolled=len(mains),
        active=sum(1 for r in rows if r["status"] == "enrolled"),
        rolling_entries=sum(1 for r in mains if r["first_session"] > 1),
        catch_up=len(rows) - len(mains),
        withdrawn=sum(1 for r in rows if r["status"] == "withdrawn"),
        completed=completed,
        completion_rate=rate(completed, len(mains)),
        required=required,
    )


def cohort_summaries(vault: Vault, today: date | None = None) -> list[CohortSummary]:
    vault.require(Perm.VIEW_FREEDOM)
    day = today or date.today()
    progress = progress_all(vault.conn)
    out = [_summary(vault.conn, c, progress, day) for c in all_cohorts(vault.conn)]
    with vault.transaction():
        vault.audit("freedom.cohorts.view", detail=f"{len(out)} cohorts")
    return out


def yearly_rates(vault: Vault, today: date | None = None) -> list[dict[str, Any]]:
    """Completion per year of cohort start, over finished cohorts only (a running cohort's rate is
    still moving) and over all cohorts."""
    vault.require(Perm.VIEW_FREEDOM)
    day = today or date.today()
    progress = progress_all(vault.conn)
    years: dict[str, dict[str, int]] = {}
    for cohort in all_cohorts(vault.conn):
        s = _summary(vault.conn, cohort, progress, day)
        y = years.setdefault(cohort.start_date[:4], Counter())
        y["cohorts"] += 1
        y["enrolled"] += s.enrolled
        y["completed"] += s.completed
        y[f"{s.status}_cohorts"] += 1
        y[f"{s.status}_enrolled"] += s.enrolled
        y[f"{s.status}_completed"] += s.completed
    return [
        {
            "year": int(year),
            "cohorts": y["cohorts"],
            "enrolled": y["enrolled"],
            "completed": y["completed"],
            "completion_rate": rate(y["completed"], y["enrolled"]),
            "finished_cohorts": y["finished_cohorts"],
            "finished_enrolled": y["finished_enrolled"],
            "finished_completed": y["finished_completed"],
            "finished_completion_rate": rate(y["finished_completed"], y["finished_enrolled"]),
            "running_cohorts": y["running_cohorts"],
            "running_enrolled": y["running_enrolled"],
            "planned_cohorts": y["planned_cohorts"],
            "planned_enrolled": y["planned_enrolled"],
        }
        for year, y in sorted(years.items())
    ]


def _cohorts(n: int, kind: str) -> str:
    return f"{n} {kind} cohort{'' if n == 1 else 's'}"


def rates_line(r: dict[str, Any]) -> str:
    """One year's completion as printed: finished cohorts only (a running cohort's rate is still
    moving), with running and planned cohorts shown apart, never in the rate."""
    pct = r["finished_completion_rate"]
    text = (
        f"{r['year']}: {r['finished_completed']} of {r['finished_enrolled']} completed"
        + ("" if pct is None else f" ({pct * 100:.0f}%)")
        + f" in {_cohorts(r['finished_cohorts'], 'finished')}"
    )
    apart = [
        f"{_cohorts(r[f'{kind}_cohorts'], kind)} ({r[f'{kind}_enrolled']} enrolled)"
        for kind in ("running", "planned")
        if r[f"{kind}_cohorts"]
    ]
    return text + (f"; not yet counted: {', '.join(apart)}" if apart else "")


def cohort_detail(vault: Vault, code: str, today: date | None = None) -> CohortDetail:
    vault.require(Perm.VIEW_FREEDOM)
    conn = vault.conn
    cohort = load_cohort(conn, code)
    summary = _summary(conn, cohort, progress_all(conn), today or date.today())
    per_session = []
    for s in cohort.sessions:
        counts = Counter({"present": 0, "apologies": 0, "absent": 0})
        counts.update(
            r[0] for r in conn.execute("SELECT mark FROM freedom_attendance WHERE session_id = ?", (s.id,))
        )
        per_session.append(dict(counts))
    creche = conn.execute(
        "SELECT count(*) FROM freedom_enrolments e JOIN freedom_participants p ON p.id = e.participant_id"
        " WHERE e.cohort_id = ? AND p.creche_need = 1",
        (cohort.id,),
    ).fetchone()[0]
    fu = conn.execute(
        "SELECT f.made, f.outcome FROM freedom_followups f JOIN freedom_enrolments e ON e.id = f.enrolment_id"
        " WHERE e.cohort_id = ?",
        (cohort.id,),
    ).fetchall()
    outcomes = Counter(r[1] for r in fu if r[0])
    bands: Counter[str] = Counter()
    for (n,) in conn.execute(
        "SELECT (SELECT count(*) FROM freedom_attendance a"
        " WHERE a.enrolment_id = e.id AND a.mark = 'present')"
        " FROM freedom_enrolments e WHERE e.cohort_id = ?",
        (cohort.id,),
    ):
        bands[str(n)] += 1
    return CohortDetail(
        summary=summary,
        topics=[s.topic for s in cohort.sessions],
        per_session=per_session,
        creche_needed=int(creche),
        follow_ups_made=sum(1 for r in fu if r[0]),
        follow_ups_outstanding=sum(1 for r in fu if not r[0]),
        follow_up_outcomes=dict(outcomes),
        attended_bands=dict(sorted(bands.items(), key=lambda kv: int(kv[0]))),
    )
