"""Issue 14: records written through the service layer travel between real vaults, and each vault
holds only what its role may."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.exchange import chair, journal
from dv_forum.lists import set_list
from dv_forum.marac import agenda, meetings
from dv_forum.outreach import clients, contacts

from .vaults import coordinator, enrol_and_join, exchange


@pytest.fixture
def three(tmp_path: Path):  # type: ignore[no-untyped-def]
    coord = coordinator(tmp_path / "coord")
    with coord.transaction() as conn:
        set_list(conn, "locality", ["North", "East"])
    ann = enrol_and_join(coord, "ann", "outreach", tmp_path / "ann")
    bea = enrol_and_join(coord, "bea", "outreach", tmp_path / "bea")
    ch = enrol_and_join(coord, "chair", "chair", tmp_path / "chair")
    yield coord, ann, bea, ch
    for v in (coord, ann, bea, ch):
        v.close()


def _codes(vault) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in vault.conn.execute("SELECT code FROM outreach_clients ORDER BY code")]


def test_assigned_clients_reach_their_worker_only(three) -> None:  # type: ignore[no-untyped-def]
    coord, ann, bea, _ = three
    mine = clients.add_client(
        coord, "2026-02-01", worker="ann", locality="North", safe_method="phone", safe_times="after 3"
    )
    other = clients.add_client(coord, "2026-02-02", worker="bea")
    exchange(coord, ann)
    exchange(coord, bea)
    assert _codes(ann) == [mine] and _codes(bea) == [other]
    got = clients.get_client(ann, mine)
    assert (got.referral_date, got.locality, got.safe_method, got.safe_times, got.worker) == (
        "2026-02-01",
        "North",
        "phone",
        "after 3",
        "ann",
    )
    # Reassigned to bea: it leaves ann's vault and arrives whole in bea's.
    clients.update_client(coord, mine, worker="bea")
    exchange(coord, ann)
    exchange(coord, bea)
    assert _codes(ann) == [] and _codes(bea) == sorted([mine, other])
    assert clients.get_client(bea, mine).locality == "North"


def test_a_contact_added_corrected_and_deleted_arrives_at_the_coordinator(three) -> None:  # type: ignore[no-untyped-def]
    coord, ann, _, _ = three
    code = clients.add_client(coord, "2026-02-01", worker="ann")
    exchange(coord, ann)
    cid = contacts.record_contact(
        ann, code, at="2026-03-01 10:00", type="phone", safe=True, notes="first call", onward=["Housing"]
    )
    exchange(ann, coord)
    [seen] = contacts.contacts_for(coord, code)
    assert (seen.notes, seen.worker, [o.agency for o in seen.onward]) == ("first call", "ann", ["Housing"])
    contacts.update_contact(ann, code, cid, notes="first call, corrected", duration_min=20)
    exchange(ann, coord)
    [seen] = contacts.contacts_for(coord, code)
    assert (seen.notes, seen.duration_min) == ("first call, corrected", 20)
    contacts.delete_contact(ann, code, cid)
    assert exchange(ann, coord).applied == 1
    assert contacts.contacts_for(coord, code) == []


def test_a_client_she_opens_arrives_with_a_code_of_her_own(three) -> None:  # type: ignore[no-untyped-def]
    coord, ann, _, _ = three
    code = clients.add_client(ann, "2026-04-01", safe_times="mornings")
    assert code.startswith("OR-2026-ANN-")
    exchange(ann, coord)
    got = clients.get_client(coord, code)
    assert (got.worker, got.safe_times) == ("ann", "mornings")


def test_a_meeting_and_its_agenda_arrive_at_the_chair(three) -> None:  # type: ignore[no-untyped-def]
    from tests.marac.conftest import insert_referral

    coord, ann, _, ch = three
    rid = insert_referral(coord, "NWL-2026-0001", "2026-01-10")
    m = meetings.add_meeting(coord, "2026-02-04", venue="V1", chair="DI Jones")
    agenda.add_cases(coord, m.id, [rid])
    agenda.set_summary(coord, m.id, rid, "Summary for the pack.")
    exchange(coord, ch)
    exchange(coord, ann)
    [pack] = chair.meeting_packs(ch.conn)
    assert (pack["date"], pack["venue"], pack["chair"]) == ("2026-02-04", "V1", "DI Jones")
    [item] = pack["agenda"]
    assert (item["case_ref"], item["summary"], item["case"]["risk_band"]) == (
        "NWL-2026-0001",
        "Summary for the pack.",
        "high",
    )
    assert [x.date for x in meetings.list_meetings(ch)] == ["2026-02-04"]
    assert ch.conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
    # The outreach worker's vault holds no meeting and no case.
    assert (
        ann.conn.execute("SELECT count(*) FROM exchange_fields WHERE record NOT LIKE 'client:%'").fetchone()[
            0
        ]
        == 0
    )
    chair.acknowledge(ch, "2026-02-04")
    exchange(ch, coord)
    assert list(chair.acknowledgements(coord.conn)) == ["2026-02-04"]


def test_receivers_refuse_kinds_their_role_may_not_hold(three) -> None:  # type: ignore[no-untyped-def]
    coord, ann, _, ch = three
    with coord.transaction() as conn:  # as if a coordinator's vault sent her a case
        journal.record_change(conn, "case:NWL-2026-0009", {"risk_band": "high"}, audience="ann")
    counts = exchange(coord, ann)
    assert (counts.applied, counts.refused) == (1, 1)
    assert ann.conn.execute("SELECT count(*) FROM exchange_fields").fetchone()[0] == 0
    assert ann.conn.execute("SELECT count(*) FROM exchange_journal WHERE record != ''").fetchone()[0] == 0
    code = clients.add_client(coord, "2026-02-01", worker="ann")
    with ch.transaction() as conn:  # a chair's vault trying to change a client
        journal.record_change(conn, f"client:{code}", {"locality": "East"})
        journal.record_change(conn, "meeting:1", {"venue": "X"})
    assert exchange(ch, coord).refused == 2
    assert clients.get_client(coord, code).locality is None


def test_cohort_lists_go_out_and_attendance_and_calls_come_back(three) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from dv_forum.freedom import attendance, cohorts, participants

    coord, ann, _, _ = three
    fp = cohorts.create_cohort(coord, "V7", "2026-03-02", "10:00", code="FP-2026-01")
    p1 = participants.add_participant(coord, code="P-2026-001", case=None)
    p2 = participants.add_participant(coord, code="P-2026-002")
    participants.enrol(coord, fp, p1, today=date(2026, 2, 20))
    participants.enrol(coord, fp, p2, today=date(2026, 2, 20))
    exchange(coord, ann)
    assert [e.participant_code for e in attendance.grid(ann, fp).rows] == [p1, p2]
    assert attendance.record_attendance(ann, fp, 1, {p1: "present", p2: "absent"}) == [p2]
    [call] = attendance.follow_ups(ann, fp)
    attendance.record_follow_up(ann, call.id, "returning", today=date(2026, 3, 3))
    exchange(ann, coord)
    marks = {r.participant_code: r.marks.get(1) for r in attendance.grid(coord, fp).rows}
    assert marks == {p1: "present", p2: "absent"}
    [done] = attendance.follow_ups(coord, fp, outstanding_only=False)
    assert (done.participant_code, done.made, done.outcome) == (p2, True, "returning")


def test_the_chair_holds_only_cases_on_an_agenda_sent_to_her(three) -> None:  # type: ignore[no-untyped-def]
    """Decided (issue 15): a chair needs a scheduled meeting's cases before it, to prepare; she
    holds those and nothing else, and a case taken off the agenda leaves her vault."""
    from tests.marac.conftest import insert_referral

    coord, _, _, ch = three
    on = insert_referral(coord, "NWL-2026-0001", "2026-01-10")
    off = insert_referral(coord, "NWL-2026-0002", "2026-01-11")
    insert_referral(coord, "NWL-2026-0003", "2026-01-12")  # on no agenda
    m = meetings.add_meeting(coord, "2999-02-04", venue="V1")  # scheduled, not yet held
    agenda.add_cases(coord, m.id, [on, off])
    exchange(coord, ch)
    [pack] = chair.meeting_packs(ch.conn)
    assert pack["status"] == "scheduled"
    assert [a["case_ref"] for a in pack["agenda"]] == ["NWL-2026-0001", "NWL-2026-0002"]
    agenda.remove_case(coord, m.id, off)
    exchange(coord, ch)
    [pack] = chair.meeting_packs(ch.conn)
    assert [a["case_ref"] for a in pack["agenda"]] == ["NWL-2026-0001"]
    held = {str(r[0]) for r in ch.conn.execute("SELECT value FROM exchange_fields WHERE field = 'case_ref'")}
    cases = {k for k, v in chair._records(ch.conn, "case").items()}
    assert "NWL-2026-0003" not in held | cases
    assert cases == {"NWL-2026-0001"}, cases
