"""Attendance marks and the follow-up calls a missed session prompts."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import InputError, UserError
from dv_forum.freedom import attendance, cohorts, participants


@pytest.fixture
def cohort(vault):
    code = cohorts.create_cohort(vault, "V01", "2026-01-05", "10:00")
    codes = [participants.add_participant(vault) for _ in range(3)]
    for p in codes:
        participants.enrol(vault, code, p, date(2026, 1, 1))
    return code, codes


def test_missed_session_prompts_a_follow_up_call(vault, cohort):
    code, (a, b, c) = cohort
    need = attendance.record_attendance(vault, code, 1, {a: "present", b: "apologies", c: "absent"})
    assert sorted(need) == sorted([b, c])
    calls = attendance.follow_ups(vault, code)
    assert {(f.participant_code, f.mark, f.session_number) for f in calls} == {
        (b, "apologies", 1),
        (c, "absent", 1),
    }
    # Marked present after all (the register was wrong): the unmade call goes away.
    attendance.record_attendance(vault, code, 1, {c: "present"})
    (only,) = attendance.follow_ups(vault, code)
    attendance.record_follow_up(vault, only.id, "returning", date(2026, 1, 6))
    assert attendance.follow_ups(vault, code) == []
    made = attendance.follow_ups(vault, code, outstanding_only=False)
    assert made[0].made and made[0].outcome == "returning" and made[0].made_date == "2026-01-06"


def test_grid_and_held_sessions(vault, cohort):
    code, (a, b, c) = cohort
    attendance.record_attendance(vault, code, 1, {a: "present", b: "present", c: "absent"})
    attendance.record_attendance(vault, code, 2, {a: "present", b: None})
    g = attendance.grid(vault, code)
    rows = {r.participant_code: r for r in g.rows}
    assert rows[a].marks == {1: "present", 2: "present"} and rows[a].attended == 2
    assert rows[b].marks == {1: "present"}
    assert [s.held for s in g.sessions[:3]] == [True, True, False]


def test_bad_marks_rejected_whole(vault, cohort):
    code, (a, b, _) = cohort
    with pytest.raises(InputError):
        attendance.record_attendance(vault, code, 1, {a: "present", b: "late"})
    with pytest.raises(InputError, match="not in cohort"):
        attendance.record_attendance(vault, code, 1, {"P-1999-001": "present"})
    with pytest.raises(UserError, match="no session 13"):
        attendance.record_attendance(vault, code, 13, {a: "present"})
    assert vault.conn.execute("SELECT count(*) FROM freedom_attendance").fetchone()[0] == 0


def test_follow_up_outcome_checked(vault, cohort):
    code, (a, _, _) = cohort
    attendance.record_attendance(vault, code, 1, {a: "absent"})
    (call,) = attendance.follow_ups(vault, code)
    with pytest.raises(InputError):
        attendance.record_follow_up(vault, call.id, "shouted at")
