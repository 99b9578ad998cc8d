"""Completion: a participant completes when she has attended at least N of her cohort's sessions
(N is the local setting, capped at the list's length). Sessions of the same name caught up in a
later cohort count, which is what makes rolling entry work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dv_forum.freedom.sessions import topic_key
from dv_forum.freedom.settings import COMPLETION_SESSIONS
from dv_forum.settings import get_setting


@dataclass(frozen=True)
class Progress:
    participant_id: int
    main_cohort_id: int
    attended: int  # distinct sessions of her main cohort's list attended anywhere
    required: int
    completed_date: str | None

    @property
    def completed(self) -> bool:
        return self.completed_date is not None


def required_sessions(setting_value: int, session_count: int) -> int:
    return max(1, min(setting_value, session_count))


def progress_all(conn: Any) -> dict[int, Progress]:
    """Progress for every participant, keyed by participant id. Her main cohort is the earliest
    one she joined other than for catch-up."""
    n = get_setting(conn, COMPLETION_SESSIONS)
    mains: dict[int, int] = {}
    for pid, cid in conn.execute(
        "SELECT e.participant_id, e.cohort_id FROM freedom_enrolments e JOIN freedom_cohorts c"
        " ON c.id = e.cohort_id WHERE e.catch_up = 0 ORDER BY c.start_date DESC, e.id DESC"
    ):
        mains[pid] = cid  # later rows overwrite: the earliest cohort wins
    topics: dict[int, set[str]] = {}
    for cid, topic in conn.execute("SELECT cohort_id, topic FROM freedom_sessions"):
        topics.setdefault(cid, set()).add(topic_key(topic))
    seen: dict[int, set[str]] = {}
    done_on: dict[int, str] = {}
    for pid, topic, day in conn.execute(
        "SELECT e.participant_id, s.topic, s.session_date FROM freedom_attendance a"
        " JOIN freedom_enrolments e ON e.id = a.enrolment_id JOIN freedom_sessions s ON s.id = a.session_id"
        " WHERE a.mark = 'present' ORDER BY s.session_date, s.number"
    ):
        main = mains.get(pid)
        key = topic_key(topic)
        if main is None or key not in topics.get(main, set()):
            continue
        attended = seen.setdefault(pid, set())
        attended.add(key)
        if pid not in done_on and len(attended) >= required_sessions(n, len(topics[main])):
            done_on[pid] = day
    return {
        pid: Progress(
            pid, cid, len(seen.get(pid, ())), required_sessions(n, len(topics.get(cid, ()))), done_on.get(pid)
        )
        for pid, cid in mains.items()
    }
