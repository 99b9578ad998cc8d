from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.marac import actions, agenda, meetings


def _three_meetings(vault, referral):
    ms = [meetings.add_meeting(vault, d) for d in ("2026-02-12", "2026-02-26", "2026-03-12")]
    rid = referral("2026-02-01")
    agenda.add_cases(vault, ms[0].id, [rid])
    return ms, rid


def test_open_actions_carry_forward_until_closed(vault, referral):
    ms, rid = _three_meetings(vault, referral)
    keep = actions.add_action(vault, ms[0].id, rid, "Police", "Flag the address", "PC 1", "2026-02-20")
    close = actions.add_action(vault, ms[0].id, rid, "Housing", "Sanctuary scheme")
    assert actions.outstanding(vault, ms[0].id) == []
    assert [a.id for a in actions.outstanding(vault, ms[1].id)] == [keep.id, close.id]
    # Reviewed at the second meeting: done. It shows in that meeting's review, not after.
    actions.set_status(vault, close.id, "done", at_meeting_id=ms[1].id, on=date(2026, 2, 26))
    second = {a.id: a.status for a in actions.outstanding(vault, ms[1].id)}
    assert second == {keep.id: "open", close.id: "done"}
    assert [a.id for a in actions.outstanding(vault, ms[2].id)] == [keep.id]


def test_overdue_list(vault, referral):
    ms, rid = _three_meetings(vault, referral)
    late = actions.add_action(vault, ms[0].id, rid, "Police", "Late", due="2026-02-20")
    actions.add_action(vault, ms[0].id, rid, "Police", "Not due yet", due="2026-04-01")
    actions.add_action(vault, ms[0].id, rid, "Police", "No due date")
    done = actions.add_action(vault, ms[0].id, rid, "Police", "Done late", due="2026-02-01")
    actions.set_status(vault, done.id, "not_possible")
    got = actions.list_actions(vault, overdue=True, today=date(2026, 3, 1))
    assert [a.id for a in got] == [late.id]


def test_action_validation(vault, referral):
    ms, rid = _three_meetings(vault, referral)
    with pytest.raises(UserError, match="agency list"):
        actions.add_action(vault, ms[0].id, rid, "Nobody", "Do it")
    with pytest.raises(UserError, match="empty"):
        actions.add_action(vault, ms[0].id, rid, "Police", "   ")
    with pytest.raises(UserError, match="agenda"):
        actions.add_action(vault, ms[1].id, rid, "Police", "Not on this agenda")
    with pytest.raises(UserError, match="status"):
        a = actions.add_action(vault, ms[0].id, rid, "Police", "x")
        actions.set_status(vault, a.id, "finished")


def test_locked_meeting_refuses_new_actions_but_allows_review(vault, referral):
    ms, rid = _three_meetings(vault, referral)
    a = actions.add_action(vault, ms[0].id, rid, "Police", "Flag the address")
    meetings.mark_held(vault, ms[0].id)
    meetings.approve_minutes(vault, ms[0].id)
    with pytest.raises(UserError, match="locked"):
        actions.add_action(vault, ms[0].id, rid, "Police", "Another")
    with pytest.raises(UserError, match="locked"):
        actions.update_action(vault, a.id, "Police", "Reworded")
    assert actions.set_status(vault, a.id, "done", at_meeting_id=ms[1].id).status == "done"


def test_agency_list_is_editable(vault, referral):
    from dv_forum.marac import attendance

    attendance.set_agency_list(vault, ["Police", "Refuge outreach"])
    ms, rid = _three_meetings(vault, referral)
    assert actions.add_action(vault, ms[0].id, rid, "Refuge outreach", "Contact").agency == "Refuge outreach"
    with pytest.raises(UserError):
        actions.add_action(vault, ms[0].id, rid, "Housing", "Not on the list any more")
