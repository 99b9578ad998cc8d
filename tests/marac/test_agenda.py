import pytest

from dv_forum.cases.settings import REPEAT_MONTHS
from dv_forum.errors import UserError
from dv_forum.marac import agenda, meetings
from dv_forum.settings import set_setting


def test_proposal_is_unheard_referrals_not_on_any_agenda(vault, referral):
    first = meetings.add_meeting(vault, "2026-02-26")
    nxt = meetings.add_meeting(vault, "2026-03-12")
    older = referral("2026-02-01")  # before the last meeting, never heard
    heard = referral("2026-02-02", heard_date="2026-02-26")
    on_first = referral("2026-02-20")
    agenda.add_cases(vault, first.id, [on_first])
    new = referral("2026-03-01", is_repeat=1)
    later = referral("2026-03-20")  # after the meeting date
    closed = referral("2026-03-02", status="closed")
    got = agenda.propose(vault, nxt.id)
    assert [p.referral_id for p in got] == [older, new]
    assert got[0].before_last_meeting and not got[1].before_last_meeting
    assert got[1].is_repeat
    assert {heard, on_first, later, closed}.isdisjoint(p.referral_id for p in got)
    assert agenda.accept_proposal(vault, nxt.id) == 2
    assert agenda.propose(vault, nxt.id) == []


def test_add_remove_reorder_and_move(vault, referral):
    m = meetings.add_meeting(vault, "2026-03-12")
    ids = [referral("2026-03-01") for _ in range(4)]
    agenda.add_cases(vault, m.id, ids)
    assert [c.referral_id for c in agenda.agenda(vault, m.id)] == ids
    agenda.move(vault, m.id, ids[3], -3)
    assert [c.referral_id for c in agenda.agenda(vault, m.id)] == [ids[3], ids[0], ids[1], ids[2]]
    agenda.remove_case(vault, m.id, ids[0])
    rows = agenda.agenda(vault, m.id)
    assert [c.referral_id for c in rows] == [ids[3], ids[1], ids[2]]
    assert [c.position for c in rows] == [1, 2, 3]
    with pytest.raises(UserError, match="changed"):
        agenda.reorder(vault, m.id, [ids[1], ids[2]])


def test_case_cannot_be_on_two_agendas(vault, referral):
    a = meetings.add_meeting(vault, "2026-03-12")
    b = meetings.add_meeting(vault, "2026-03-26")
    rid = referral("2026-03-01")
    agenda.add_cases(vault, a.id, [rid])
    with pytest.raises(UserError, match="already on the agenda"):
        agenda.add_cases(vault, b.id, [rid])


def test_repeat_shows_last_referral_date(vault, referral):
    m = meetings.add_meeting(vault, "2026-03-12")
    first = referral("2025-06-01", heard_date="2025-06-10")
    rep = referral("2026-03-01", is_repeat=1, repeat_of=first)
    agenda.add_cases(vault, m.id, [rep])
    row = agenda.agenda(vault, m.id)[0]
    assert row.is_repeat and row.last_referral_date == "2025-06-01"


def test_summary_is_bounded(vault, referral):
    m = meetings.add_meeting(vault, "2026-03-12")
    rid = referral("2026-03-01")
    agenda.add_cases(vault, m.id, [rid])
    with pytest.raises(UserError, match="limit"):
        agenda.set_summary(vault, m.id, rid, "x" * 1501)
    agenda.set_summary(vault, m.id, rid, "  short  ")
    assert agenda.agenda(vault, m.id)[0].summary == "short"


def test_lapsed_list_window_since_previous_meeting(vault, referral):
    """The repeat rule decides (pair, referral anchor, 12 months by default): a case is listed at
    the first meeting where a new referral would no longer be a repeat."""
    meetings.add_meeting(vault, "2026-02-26")
    nxt = meetings.add_meeting(vault, "2026-03-12")
    inside = referral("2025-03-01", heard_date="2025-03-10")  # window closed 2026-03-01
    boundary = referral("2025-02-26")  # closed on the previous meeting's day: still open then
    before = referral("2025-02-20")  # closed 2026-02-20: listed at the previous meeting
    too_recent = referral("2025-03-12")  # a referral on 2026-03-12 would still be a repeat
    key = b"same-victim-key-1"
    again = referral("2025-03-01", victim_key=key)
    referral("2026-01-10", victim_key=key)  # referred again since: not lapsed
    got = {c.referral_id for c in agenda.lapsed(vault, nxt.id)}
    assert got == {inside, boundary}
    assert before not in got and too_recent not in got and again not in got
    set_setting(vault.conn, REPEAT_MONTHS, 24)  # one source of truth: the repeat window
    assert agenda.lapsed(vault, nxt.id) == []


def test_a_case_is_listed_at_the_first_meeting_after_its_window_closed(vault, referral):
    """The demo's NWL-2025-0074 (referred 2025-10-15, heard 2025-10-29) first appeared in the pack
    of 2026-11-11, a month after its window closed on 2026-10-15; it belongs to 2026-10-28's."""
    meetings.add_meeting(vault, "2026-10-14")
    first = meetings.add_meeting(vault, "2026-10-28")
    later = meetings.add_meeting(vault, "2026-11-11")
    rid = referral("2025-10-15", heard_date="2025-10-29")
    assert [c.referral_id for c in agenda.lapsed(vault, first.id)] == [rid]
    assert agenda.lapsed(vault, later.id) == []
