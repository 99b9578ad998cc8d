"""Cohort set-up, completion rules, rolling entry and catch-up."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import InputError, PermissionDenied, UserError
from dv_forum.freedom import attendance, cohorts, participants, summary
from dv_forum.freedom.sessions import ELEVEN, TWELVE
from dv_forum.freedom.settings import COMPLETION_SESSIONS
from dv_forum.settings import set_setting

DAY = date(2026, 3, 1)


def new_cohort(vault, start="2026-01-05", topics=TWELVE, **kw):
    return cohorts.create_cohort(vault, "V01", start, "10:00", topics=topics, **kw)


def people(vault, n, **kw):
    return [participants.add_participant(vault, today=DAY, **kw) for _ in range(n)]


def run(vault, code, rows):
    """rows: participant code -> string of P/A/X/. per session ('.' leaves it unmarked)."""
    letters = {"P": "present", "A": "apologies", "X": "absent"}
    length = max(len(r) for r in rows.values())
    for n in range(1, length + 1):
        marks = {c: letters[r[n - 1]] for c, r in rows.items() if len(r) >= n and r[n - 1] != "."}
        if marks:
            attendance.record_attendance(vault, code, n, marks)


def test_default_cohort_has_twelve_named_sessions_weekly(vault):
    code = new_cohort(vault, topics=None, facilitators=["ann", "bea"])
    c = cohorts.get_cohort(vault, code)
    assert [s.topic for s in c.sessions] == list(TWELVE)
    assert c.sessions[0].topic == "Introduction" and c.sessions[-1].topic == "Review"
    assert c.sessions[1].date == "2026-01-12" and c.weekday == 0 and c.capacity == 20
    assert c.facilitators == ("ann", "bea")
    assert any("Bully" in t for t in TWELVE) and any("Persuader" in t for t in TWELVE)


def test_venue_must_be_a_code_not_an_address(vault):
    with pytest.raises(InputError, match="venue code"):
        cohorts.create_cohort(vault, "12 High Street, Coalville", "2026-01-05", "10:00")


def test_bad_session_list_and_time_rejected(vault):
    with pytest.raises(InputError):
        new_cohort(vault, topics=["Intro", "intro"])
    with pytest.raises(InputError):
        cohorts.create_cohort(vault, "V1", "2026-01-05", "25:00")


def test_completion_needs_nine_of_twelve_by_default(vault):
    code = new_cohort(vault)
    a, b = people(vault, 2)
    for p in (a, b):
        participants.enrol(vault, code, p, DAY)
    run(vault, code, {a: "PPPPPPPPPXXX", b: "PPPPPPPPAXXX"})
    s = summary.cohort_summaries(vault, date(2026, 6, 1))[0]
    assert (s.enrolled, s.completed, s.completion_rate, s.required) == (2, 1, 0.5, 9)
    assert s.status == "finished" and s.sessions_held == 12


def test_completion_threshold_is_a_setting(vault):
    code = new_cohort(vault)
    (a,) = people(vault, 1)
    participants.enrol(vault, code, a, DAY)
    run(vault, code, {a: "PPPPPPPPXXXX"})
    assert summary.cohort_summaries(vault)[0].completed == 0
    with vault.transaction():
        set_setting(vault.conn, COMPLETION_SESSIONS, 8)
    assert summary.cohort_summaries(vault)[0].completed == 1


def test_eleven_session_list_caps_the_threshold(vault):
    with vault.transaction():
        set_setting(vault.conn, COMPLETION_SESSIONS, 12)
    code = new_cohort(vault, topics=ELEVEN)
    (a,) = people(vault, 1)
    participants.enrol(vault, code, a, DAY)
    run(vault, code, {a: "P" * 11})
    s = summary.cohort_summaries(vault)[0]
    assert s.required == 11 and s.completed == 1


def test_rolling_entry_then_catch_up_in_next_cohort_completes(vault):
    first = new_cohort(vault, code="FP-26-A1")
    second = new_cohort(vault, start="2026-04-06", code="FP-26-A2")
    a, late = people(vault, 2)
    participants.enrol(vault, first, a, DAY)
    run(vault, first, {a: "PPP"})
    # She joins after three sessions have been held: rolling entry from session 4.
    e = participants.enrol(vault, first, late, DAY)
    assert e.first_session == 4 and not e.catch_up
    run(vault, first, {a: "PPPPPPPPPPPP", late: "...PPPPPPPPP"})
    # 9 of 12 attended already completes her; make her miss two so she needs the catch-up.
    attendance.record_attendance(vault, first, 11, {late: "absent"})
    attendance.record_attendance(vault, first, 12, {late: "apologies"})
    s1 = summary.cohort_summaries(vault)
    first_summary = next(s for s in s1 if s.code == "FP-26-A1")
    assert first_summary.rolling_entries == 1 and first_summary.completed == 1
    # Catch up sessions 1-3 in the next cohort: she is a catch-up place there, not a new enrolment.
    c = participants.enrol(vault, second, late, DAY)
    assert c.catch_up
    run(vault, second, {late: "PPP"})
    by_code = {s.code: s for s in summary.cohort_summaries(vault)}
    assert by_code["FP-26-A1"].completed == 2 and by_code["FP-26-A1"].completion_rate == 1.0
    assert by_code["FP-26-A2"].enrolled == 0 and by_code["FP-26-A2"].catch_up == 1


def test_yearly_rates(vault):
    old = new_cohort(vault, start="2025-01-06", code="FP-25-01")
    new = new_cohort(vault, start="2026-01-05", code="FP-26-01")
    a, b, c = people(vault, 3)
    participants.enrol(vault, old, a, DAY)
    participants.enrol(vault, new, b, DAY)
    participants.enrol(vault, new, c, DAY)
    run(vault, old, {a: "P" * 12})
    run(vault, new, {b: "P" * 12, c: "X" * 12})
    rates = {r["year"]: r for r in summary.yearly_rates(vault, date(2026, 6, 1))}
    assert rates[2025]["completion_rate"] == 1.0 and rates[2026]["completion_rate"] == 0.5
    assert rates[2026]["finished_completion_rate"] == 0.5


def test_enrolling_in_a_finished_cohort_is_refused(vault):
    code = new_cohort(vault, topics=["Introduction", "Review"])
    a, b = people(vault, 2)
    participants.enrol(vault, code, a, DAY)
    run(vault, code, {a: "PP"})
    with pytest.raises(UserError, match="has been held"):
        participants.enrol(vault, code, b, DAY)


def test_participant_code_never_a_name(vault):
    with pytest.raises(UserError, match="never a name"):
        participants.add_participant(vault, code="Jane Smith")


def test_case_link_is_a_nullable_referral_reference(vault):
    vault.conn.execute("INSERT INTO persons (kind, link_key) VALUES ('victim', x'01')")
    vault.conn.execute(
        "INSERT INTO referrals (case_ref, referral_date, victim_id, created_at, updated_at)"
        " VALUES ('NWL-2026-0001', '2026-01-01', 1, 'x', 'x')"
    )
    code = participants.add_participant(vault, case="NWL-2026-0001")
    assert participants.load_participant(vault.conn, code).case_ref == "NWL-2026-0001"
    with pytest.raises(UserError, match="case reference"):
        participants.add_participant(vault, case="NWL-2026-9999")


def test_outreach_worker_records_attendance_but_cannot_set_up(vault_factory):
    coord = vault_factory()
    code = new_cohort(coord)
    (a,) = people(coord, 1)
    participants.enrol(coord, code, a, DAY)
    ann = vault_factory(role="outreach", name="ann")
    attendance.record_attendance(ann, code, 1, {a: "present"})
    assert attendance.grid(ann, code).rows[0].marks == {1: "present"}
    with pytest.raises(PermissionDenied):
        cohorts.create_cohort(ann, "V02", "2026-02-02", "10:00")
    with pytest.raises(PermissionDenied):
        participants.enrol(ann, code, a, DAY)
    denied = coord.conn.execute("SELECT user, detail FROM audit WHERE action = 'denied'").fetchall()
    assert [tuple(r) for r in denied] == [("ann", "EDIT_FREEDOM"), ("ann", "EDIT_FREEDOM")]
    recorded = coord.conn.execute(
        "SELECT ref FROM audit WHERE action = 'freedom.attendance.record' AND user = 'ann'"
    ).fetchone()
    assert recorded[0] == code


def test_chair_cannot_see_cohorts(vault_factory):
    vault_factory()
    chair = vault_factory(role="chair", name="carol")
    with pytest.raises(PermissionDenied):
        summary.cohort_summaries(chair)
