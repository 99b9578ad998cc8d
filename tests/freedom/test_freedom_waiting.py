"""Waiting list: places offered oldest first when a cohort starts, capacity and creche respected."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.freedom import cohorts, participants

DAY = date(2026, 1, 1)


def setup(vault, capacity=3, creche=True):
    code = cohorts.create_cohort(vault, "V01", "2026-02-02", "10:00", capacity=capacity, creche=creche)
    return code


def waiting(vault, n, creche=False, start_day=1):
    codes = []
    for i in range(n):
        p = participants.add_participant(vault, creche_need=creche)
        participants.add_to_waiting(vault, p, date(2026, 1, start_day + i))
        codes.append(p)
    return codes


def test_places_offered_oldest_first_up_to_capacity(vault):
    code = setup(vault, capacity=3)
    enrolled = participants.add_participant(vault)
    participants.enrol(vault, code, enrolled, DAY)
    queue = waiting(vault, 4)
    offered = participants.start_cohort(vault, code, DAY)
    assert offered == queue[:2]
    assert cohorts.load_cohort(vault.conn, code).started
    entries = participants.waiting_list(vault)
    assert [(w.participant_code, w.status, w.offered_cohort) for w in entries] == [
        (queue[0], "offered", code),
        (queue[1], "offered", code),
        (queue[2], "waiting", None),
        (queue[3], "waiting", None),
    ]
    # Offers hold the places: nobody else can take them, and offering again adds nobody.
    with pytest.raises(UserError, match="full"):
        participants.enrol(vault, code, queue[2], DAY)
    assert participants.offer_places(vault, code, DAY) == []


def test_accept_enrols_and_decline_frees_the_place(vault):
    code = setup(vault, capacity=1)
    first, second = waiting(vault, 2)
    assert participants.start_cohort(vault, code, DAY) == [first]
    assert participants.answer_offer(vault, first, accept=False) is None
    assert participants.offer_places(vault, code, DAY) == [second]
    e = participants.answer_offer(vault, second, accept=True, today=DAY)
    assert e is not None and e.cohort_code == code and e.first_session == 1
    assert [w.participant_code for w in participants.waiting_list(vault)] == []
    with pytest.raises(UserError, match="no place on offer"):
        participants.answer_offer(vault, first, accept=True)


def test_creche_need_skipped_without_a_creche_and_keeps_her_turn(vault):
    code = setup(vault, capacity=5, creche=False)
    needs = waiting(vault, 1, creche=True)
    others = waiting(vault, 2, start_day=5)
    assert participants.start_cohort(vault, code, DAY) == others
    assert participants.waiting_list(vault)[0].participant_code == needs[0]
    with_creche = cohorts.create_cohort(vault, "V02", "2026-03-02", "10:00", creche=True)
    assert participants.start_cohort(vault, with_creche, DAY) == needs


def test_running_cohort_offers_rolling_entry_places(vault):
    from dv_forum.freedom import attendance

    code = setup(vault, capacity=2)
    a = participants.add_participant(vault)
    participants.enrol(vault, code, a, DAY)
    participants.start_cohort(vault, code, DAY)
    attendance.record_attendance(vault, code, 1, {a: "present"})
    attendance.record_attendance(vault, code, 2, {a: "present"})
    (late,) = waiting(vault, 1)
    assert participants.offer_places(vault, code, DAY) == [late]
    e = participants.answer_offer(vault, late, accept=True, today=DAY)
    assert e is not None and e.first_session == 3


def test_waiting_list_audited_without_codes_in_detail(vault):
    waiting(vault, 2)
    participants.waiting_list(vault)
    row = vault.conn.execute("SELECT ref, detail FROM audit WHERE action = 'freedom.waiting.view'").fetchone()
    assert tuple(row) == (None, "2 entries")
