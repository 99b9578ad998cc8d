"""Correcting and deleting a saved outreach contact: every field, the same checks as a new contact,
one transaction, the same access rules and audit, and what is due worked out again afterwards."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import InputError, PermissionDenied
from dv_forum.outreach import clients, contacts, figures, onward
from dv_forum.outreach.access import NotOnCaseload
from dv_forum.outreach.contacts import ContactNotFound
from dv_forum.outreach.onward import Onward

TODAY = date(2026, 6, 15)


def contact(vault, code, at, **kw):
    kw.setdefault("type", "phone")
    kw.setdefault("safe", True)
    return contacts.record_contact(vault, code, at=at, **kw)


def saved(vault, code, contact_id):
    (found,) = [c for c in contacts.contacts_for(vault, code) if c.id == contact_id]
    return found


def kinds(vault, code, today=TODAY, **kw):
    return {
        (i.kind, i.due_date, i.overdue)
        for i in figures.due(vault, today=today, **kw)
        if i.client_code == code
    }


def rows(vault):
    """Everything stored for contacts, to show that a refused change left it all as it was."""
    conn = vault.conn
    return (
        [tuple(r) for r in conn.execute("SELECT * FROM outreach_contacts ORDER BY id")],
        [tuple(r) for r in conn.execute("SELECT * FROM outreach_onward ORDER BY id")],
    )


def audit(vault, action):
    return [
        tuple(r)
        for r in vault.conn.execute("SELECT user, ref, detail FROM audit WHERE action = ?", (action,))
    ]


@pytest.fixture
def team(vault_factory):
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    bea = vault_factory(role="outreach", name="bea")
    a1 = clients.add_client(ann, "2026-06-01")
    b1 = clients.add_client(bea, "2026-06-01")
    a_contact = contact(ann, a1, "2026-06-02 10:00", risk_review=True, next_contact="2026-06-09")
    b_contact = contact(bea, b1, "2026-06-02 11:00", risk_review=True, next_contact="2026-06-09")
    return coord, ann, bea, a1, b1, a_contact, b_contact


# ----- correcting -----
def test_every_field_the_add_path_takes_can_be_corrected(vault, vault_factory):
    vault_factory(role="outreach", name="ann")
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", duration_min=30, onward=[Onward("GP", "2026-06-02")])
    changed = contacts.update_contact(
        vault,
        code,
        cid,
        at="03/06/2026 14:45",
        type="home visit",
        safe=False,
        duration_min=None,
        risk_review=True,
        dash_score=17,
        new_incident=True,
        safety_plan="updated",
        issues=["housing", "children"],
        barriers_met=["poor signal"],
        onward=[Onward("Solicitor", "2026-06-04")],
        next_contact="2026-06-20",
        notes="  Corrected notes.  ",
        worker="ann",
    )
    assert changed == [
        "at",
        "barriers_met",
        "dash_score",
        "duration_min",
        "issues",
        "new_incident",
        "next_contact",
        "notes",
        "risk_review",
        "safe",
        "safety_plan",
        "type",
        "worker",
        "onward",
    ]
    c = saved(vault, code, cid)
    assert (c.at, c.type, c.safe, c.duration_min, c.risk_review, c.dash_score, c.new_incident) == (
        "2026-06-03T14:45",
        "home visit",
        False,
        None,
        True,
        17,
        True,
    )
    assert (c.safety_plan, c.issues, c.barriers_met, c.next_contact, c.notes, c.worker) == (
        "updated",
        ("housing", "children"),
        ("poor signal",),
        "2026-06-20",
        "Corrected notes.",
        "ann",
    )
    assert [(o.agency, o.referred_date) for o in c.onward] == [("Solicitor", "2026-06-04")]
    assert vault.conn.execute("SELECT count(*) FROM outreach_onward").fetchone()[0] == 1


def test_fields_not_given_stay_as_they_were(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(
        vault, code, "2026-06-02 10:00", risk_review=True, dash_score=9, issues=["legal"], notes="Kept."
    )
    before = saved(vault, code, cid)
    assert contacts.update_contact(vault, code, cid, type="office") == ["type"]
    after = saved(vault, code, cid)
    assert after == type(before)(**{**before.__dict__, "type": "office"})


def test_no_change_writes_and_audits_nothing(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", issues=["housing"], onward=["GP"])
    before = rows(vault)
    assert contacts.update_contact(vault, code, cid, type="phone", at="2026-06-02T10:00", onward=["gp"]) == []
    assert rows(vault) == before and audit(vault, "outreach.contact.edit") == []


def test_bad_corrections_get_the_same_reasons_as_a_new_contact_and_change_nothing(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", onward=["GP"])
    bad = {
        "at": "yesterday",
        "type": "carrier pigeon",
        "duration_min": 721,
        "dash_score": 50,
        "safety_plan": "maybe",
        "issues": ["gardening"],
        "barriers_met": ["moat"],
        "next_contact": "31/02/2026",
        "notes": "x" * 1001,
        "onward": [Onward("", "2026-06-02")],
    }
    with pytest.raises(InputError) as new:
        contacts.record_contact(vault, code, safe=True, **bad)
    before = rows(vault)
    with pytest.raises(InputError) as edit:
        contacts.update_contact(vault, code, cid, **bad)
    assert edit.value.problems == new.value.problems and len(edit.value.problems) == 11
    assert str(edit.value) == str(new.value)
    assert rows(vault) == before
    assert audit(vault, "outreach.contact.edit") == []


def test_the_corrected_contact_is_checked_whole(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", risk_review=True, dash_score=12, next_contact="2026-06-09")
    # Each change is fine alone but not with what is already saved.
    with pytest.raises(InputError, match="a new DASH score needs the risk review ticked"):
        contacts.update_contact(vault, code, cid, risk_review=False)
    with pytest.raises(InputError, match="the next contact date is before this contact"):
        contacts.update_contact(vault, code, cid, at="2026-06-10 09:00")
    assert contacts.update_contact(vault, code, cid, risk_review=False, dash_score=None) == [
        "dash_score",
        "risk_review",
    ]


def test_a_failure_part_way_leaves_the_contact_whole(vault, monkeypatch):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", onward=["GP"])
    before = rows(vault)

    def fail(*_a, **_k):
        raise OSError(28, "No space left on device")

    # The contact row is updated first; the new onward referral then fails to be written.
    monkeypatch.setattr(onward, "insert_onward", fail)
    with pytest.raises(OSError):
        contacts.update_contact(vault, code, cid, type="text", onward=["Housing"])
    assert rows(vault) == before
    assert audit(vault, "outreach.contact.edit") == []


def test_onward_referrals_kept_by_agency_with_their_outcome(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00", onward=["GP", "Housing"])
    gp, housing = saved(vault, code, cid).onward
    onward.set_onward_outcome(vault, gp.id, True)
    # Named again (any case): the same referral, outcome kept; left out: removed; new: dated the contact.
    assert contacts.update_contact(vault, code, cid, onward=["gp", "Solicitor"]) == ["onward"]
    got = saved(vault, code, cid).onward
    assert [(o.id, o.agency, o.referred_date, o.accepted) for o in got] == [
        (gp.id, "GP", "2026-06-02", True),
        (got[1].id, "Solicitor", "2026-06-02", None),
    ]
    assert got[1].id not in (gp.id, housing.id)
    # Correcting the contact's date moves the referrals made that day with it.
    contacts.update_contact(vault, code, cid, at="2026-06-03 10:00")
    assert [o.referred_date for o in saved(vault, code, cid).onward] == ["2026-06-03", "2026-06-03"]
    # An Onward with its id is updated in place; another contact's referral cannot be taken over.
    other = contact(vault, code, "2026-06-04 10:00", onward=["Police"])
    (police,) = saved(vault, code, other).onward
    contacts.update_contact(vault, code, cid, onward=[Onward("GP (Dr Who)", "2026-06-05", False, gp.id)])
    assert [(o.id, o.agency, o.accepted) for o in saved(vault, code, cid).onward] == [
        (gp.id, "GP (Dr Who)", False)
    ]
    with pytest.raises(InputError, match=f"onward referral {police.id} is not one of this contact's"):
        contacts.update_contact(vault, code, cid, onward=[police])
    assert contacts.update_contact(vault, code, cid, onward=[]) == ["onward"]
    assert saved(vault, code, cid).onward == () and saved(vault, code, other).onward == (police,)


def test_unknown_field_is_a_programming_error(vault):
    code = clients.add_client(vault, "2026-06-01")
    cid = contact(vault, code, "2026-06-02 10:00")
    with pytest.raises(TypeError, match="colour"):
        contacts.update_contact(vault, code, cid, colour="red")


# ----- deleting -----
def test_delete_removes_the_contact_and_its_onward_referrals_only(vault):
    code = clients.add_client(vault, "2026-06-01")
    keep = contact(vault, code, "2026-06-02 10:00", onward=["GP"])
    gone = contact(vault, code, "2026-06-03 10:00", onward=["Housing", "Police"])
    contacts.delete_contact(vault, code, gone)
    assert [c.id for c in contacts.contacts_for(vault, code)] == [keep]
    assert [r[0] for r in vault.conn.execute("SELECT agency FROM outreach_onward")] == ["GP"]
    assert audit(vault, "outreach.contact.delete") == [("coord", code, f"contact {gone}")]
    with pytest.raises(ContactNotFound):
        contacts.delete_contact(vault, code, gone)


# ----- who may -----
def test_worker_corrects_and_deletes_only_her_own_clients_contacts(team):
    coord, ann, bea, a1, b1, a_contact, b_contact = team
    before = rows(coord)
    with pytest.raises(NotOnCaseload) as other:
        contacts.update_contact(ann, b1, b_contact, type="text")
    with pytest.raises(NotOnCaseload):
        contacts.delete_contact(ann, b1, b_contact)
    with pytest.raises(NotOnCaseload) as missing:
        contacts.update_contact(ann, "OR-2026-9999", b_contact, type="text")
    # The same answer as for a client that does not exist, and each denial audited by code.
    assert str(other.value).replace(b1, "X") == str(missing.value).replace("OR-2026-9999", "X")
    assert audit(coord, "denied") == [("ann", b1, "EDIT_ALL_OUTREACH"), ("ann", b1, "EDIT_ALL_OUTREACH")]
    # Bea's contact through Ann's own client: not on record, the same words as an unknown id.
    with pytest.raises(ContactNotFound) as theirs:
        contacts.update_contact(ann, a1, b_contact, type="text")
    with pytest.raises(ContactNotFound) as unknown:
        contacts.delete_contact(ann, a1, 99999)
    assert str(theirs.value) == str(unknown.value).replace("99999", str(b_contact))
    with pytest.raises(ContactNotFound):
        contacts.update_contact(ann, a1, "17; DROP TABLE outreach_contacts", type="text")
    assert rows(coord) == before
    assert contacts.update_contact(ann, a1, a_contact, type="text") == ["type"]
    contacts.delete_contact(ann, a1, a_contact)
    assert contacts.contacts_for(ann, a1) == []


def test_worker_cannot_hand_a_contact_to_another_worker(team):
    coord, ann, _, a1, _, a_contact, _ = team
    before = rows(coord)
    with pytest.raises(PermissionDenied):
        contacts.update_contact(ann, a1, a_contact, worker="bea", type="text")
    assert rows(coord) == before
    assert audit(coord, "denied") == [("ann", None, "EDIT_ALL_OUTREACH")]
    assert contacts.update_contact(coord, a1, a_contact, worker="bea") == ["worker"]
    assert saved(ann, a1, a_contact).worker == "bea"


def test_coordinator_corrects_and_deletes_any_contact(team):
    coord, _, bea, _, b1, _, b_contact = team
    assert contacts.update_contact(coord, b1, b_contact, duration_min=45) == ["duration_min"]
    assert saved(bea, b1, b_contact).duration_min == 45
    contacts.delete_contact(coord, b1, b_contact)
    assert contacts.contacts_for(bea, b1) == []


def test_chair_may_not_and_it_is_audited(team, vault_factory):
    coord, _, _, a1, _, a_contact, _ = team
    chair = vault_factory(role="chair", name="carol")
    before = rows(coord)
    with pytest.raises(PermissionDenied):
        contacts.update_contact(chair, a1, a_contact, type="text")
    with pytest.raises(PermissionDenied):
        contacts.delete_contact(chair, a1, a_contact)
    assert rows(coord) == before
    assert audit(coord, "denied") == [("carol", None, "EDIT_OWN_OUTREACH")] * 2


def test_another_workers_onward_referral_is_answered_as_not_on_record(team):
    coord, ann, bea, _, b1, _, _ = team
    contact(bea, b1, "2026-06-03 10:00", onward=["Housing"])
    (onward_id,) = [r[0] for r in coord.conn.execute("SELECT id FROM outreach_onward")]
    missing_id = onward_id + 1000
    before = rows(coord)
    with pytest.raises(onward.OnwardNotFound) as other:
        onward.set_onward_outcome(ann, onward_id, True)
    with pytest.raises(onward.OnwardNotFound) as missing:
        onward.set_onward_outcome(ann, missing_id, True)
    # Word for word the answer for an id that does not exist: no client code, no id.
    assert (str(other.value), other.value.message, other.value.next_step) == (
        str(missing.value),
        missing.value.message,
        missing.value.next_step,
    )
    assert str(other.value) == "That onward referral is not on record. Refresh the client's contacts."
    assert b1 not in str(other.value) and str(onward_id) not in str(other.value)
    # Nothing changed, and only the real referral's denial is audited, by the client code.
    assert rows(coord) == before
    assert audit(coord, "denied") == [("ann", b1, "EDIT_ALL_OUTREACH")]
    assert audit(coord, "outreach.onward.outcome") == []
    onward.set_onward_outcome(bea, onward_id, False)
    assert audit(coord, "outreach.onward.outcome") == [("bea", b1, "declined")]


def test_edits_and_deletes_are_audited_by_code_and_id_only(team):
    coord, ann, _, a1, _, a_contact, _ = team
    contacts.update_contact(ann, a1, a_contact, notes="Marker-Notes-Text-XYZ", type="drop-in")
    contacts.delete_contact(ann, a1, a_contact)
    assert audit(coord, "outreach.contact.edit") == [("ann", a1, f"contact {a_contact}: notes,type")]
    assert audit(coord, "outreach.contact.delete") == [("ann", a1, f"contact {a_contact}")]
    details = " ".join(r[0] or "" for r in coord.conn.execute("SELECT detail FROM audit"))
    assert "Marker" not in details and "drop-in" not in details


# ----- what is due afterwards -----
def test_follow_up_follows_a_corrected_next_contact_date(vault):
    code = clients.add_client(vault, "2026-05-01")
    cid = contact(vault, code, "2026-06-01 10:00", risk_review=True, next_contact="2026-06-10")
    assert kinds(vault, code) == {("follow-up", "2026-06-10", True)}
    assert figures.caseload(vault, today=TODAY)[0]["overdue"] == 1
    contacts.update_contact(vault, code, cid, next_contact="2026-06-18")
    assert kinds(vault, code) == {("follow-up", "2026-06-18", False)}
    assert figures.caseload(vault, today=TODAY)[0]["overdue"] == 0
    contacts.update_contact(vault, code, cid, next_contact=None)
    assert kinds(vault, code) == set()


def test_moving_a_contact_in_time_changes_which_is_the_latest(vault):
    code = clients.add_client(vault, "2026-05-01")
    first = contact(vault, code, "2026-06-01 10:00", risk_review=True, next_contact="2026-06-10")
    contact(vault, code, "2026-06-05 10:00", next_contact="2026-06-30")
    assert kinds(vault, code) == set()
    # The first contact was really on the 6th: its next contact date is the one that counts now.
    contacts.update_contact(vault, code, first, at="2026-06-06 09:00")
    assert kinds(vault, code) == {("follow-up", "2026-06-10", True)}


def test_deleting_the_only_contact_makes_the_first_contact_due_again(vault):
    code = clients.add_client(vault, "2026-06-01", locality="Coalville")
    cid = contact(vault, code, "2026-06-02 10:00", risk_review=True, next_contact="2026-06-30")
    assert figures.first_contact_times(vault)["contacted"] == 1
    contacts.delete_contact(vault, code, cid)
    assert kinds(vault, code) == {("first contact", "2026-06-03", True)}
    assert figures.first_contact_times(vault)["not_yet_contacted"] == 1
    assert figures.contacts_by(vault) == {"by_type": {}, "by_locality": {}}
    assert figures.caseload(vault, today=TODAY)[0]["contacts_28_days"] == 0


def test_risk_review_dates_follow_corrections_and_deletions(vault):
    code = clients.add_client(vault, "2026-01-01")
    early = contact(vault, code, "2026-02-01 10:00", risk_review=True, dash_score=10)
    late = contact(vault, code, "2026-03-01 10:00", risk_review=True, dash_score=14)
    day = date(2026, 5, 20)

    def due(day):
        return kinds(vault, code, day, horizon_days=30)

    assert due(day) == {("risk review", "2026-05-24", False)}
    # The later review was not really a review: the one before it counts (twelve weeks on).
    contacts.update_contact(vault, code, late, risk_review=False, dash_score=None)
    assert due(day) == {("risk review", "2026-04-26", True)}
    # Ticked again, on a corrected date.
    contacts.update_contact(vault, code, late, risk_review=True, at="2026-03-08 10:00")
    assert due(day) == {("risk review", "2026-05-31", False)}
    # A new incident disclosed after it, recorded by correcting a later contact: due that day.
    incident = contact(vault, code, "2026-04-02 10:00")
    contacts.update_contact(vault, code, incident, new_incident=True)
    assert due(day) == {("risk review", "2026-04-02", True)}
    contacts.delete_contact(vault, code, incident)
    contacts.delete_contact(vault, code, late)
    assert due(day) == {("risk review", "2026-04-26", True)}
    assert figures.caseload(vault, today=day)[0]["risk_reviews_due"] == 1
    contacts.delete_contact(vault, code, early)
    assert due(day) == {("first contact", "2026-01-03", True)}
