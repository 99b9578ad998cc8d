"""Follow-ups due and overdue, first contact, risk reviews due, caseload and contact counts."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import InputError
from dv_forum.outreach import clients, contacts, figures, onward
from dv_forum.outreach.contacts import Onward
from dv_forum.outreach.settings import RISK_REVIEW_WEEKS
from dv_forum.settings import set_setting

TODAY = date(2026, 6, 15)


def contact(vault, code, at, **kw):
    kw.setdefault("type", "phone")
    kw.setdefault("safe", True)
    return contacts.record_contact(vault, code, at=at, **kw)


def kinds(items, code):
    return {(i.kind, i.due_date, i.overdue) for i in items if i.client_code == code}


def test_follow_ups_due_and_overdue(vault):
    overdue = clients.add_client(vault, "2026-05-01")
    soon = clients.add_client(vault, "2026-05-01")
    later = clients.add_client(vault, "2026-05-01")
    contact(vault, overdue, "2026-06-01 10:00", risk_review=True, next_contact="2026-06-10")
    contact(vault, soon, "2026-06-01 10:00", risk_review=True, next_contact="2026-06-20")
    contact(vault, later, "2026-06-01 10:00", risk_review=True, next_contact="2026-07-20")
    items = figures.due(vault, today=TODAY)
    assert kinds(items, overdue) == {("follow-up", "2026-06-10", True)}
    assert kinds(items, soon) == {("follow-up", "2026-06-20", False)}
    assert kinds(items, later) == set()
    assert kinds(figures.due(vault, today=TODAY, horizon_days=60), later) == {
        ("follow-up", "2026-07-20", False)
    }
    # Only the latest contact's next date counts: a new contact replaces the overdue one.
    contact(vault, overdue, "2026-06-14 10:00", next_contact="2026-06-28")
    assert kinds(figures.due(vault, today=TODAY), overdue) == set()


def test_first_contact_due_two_days_after_referral(vault):
    code = clients.add_client(vault, "2026-06-12")
    assert kinds(figures.due(vault, today=TODAY), code) == {("first contact", "2026-06-14", True)}


def test_risk_review_due_after_twelve_weeks_or_a_new_incident(vault):
    code = clients.add_client(vault, "2026-01-01")
    contact(vault, code, "2026-03-01 10:00", risk_review=True, dash_score=14)
    assert kinds(figures.due(vault, today=date(2026, 5, 1)), code) == set()
    assert kinds(figures.due(vault, today=date(2026, 5, 20)), code) == {("risk review", "2026-05-24", False)}
    # A new incident brings the review forward to the day it was disclosed.
    contact(vault, code, "2026-04-02 10:00", new_incident=True)
    assert kinds(figures.due(vault, today=date(2026, 4, 3)), code) == {("risk review", "2026-04-02", True)}
    contact(vault, code, "2026-04-03 11:00", risk_review=True, dash_score=17)
    assert kinds(figures.due(vault, today=date(2026, 4, 3)), code) == set()
    with vault.transaction():
        set_setting(vault.conn, RISK_REVIEW_WEEKS, 4)
    assert kinds(figures.due(vault, today=date(2026, 5, 1)), code) == {("risk review", "2026-05-01", False)}


def test_client_never_risk_reviewed_is_due_from_first_contact(vault):
    code = clients.add_client(vault, "2026-06-01")
    contact(vault, code, "2026-06-02 10:00")
    assert ("risk review", "2026-06-02", True) in kinds(figures.due(vault, today=TODAY), code)


def test_closed_clients_are_not_due(vault):
    code = clients.add_client(vault, "2026-06-01")
    clients.close_client(vault, code, TODAY)
    assert figures.due(vault, today=TODAY) == []


def test_caseload_and_days_to_first_contact(vault, vault_factory):
    for name in ("ann", "bea"):
        vault_factory(role="outreach", name=name)
    a = clients.add_client(vault, "2026-06-01", worker="ann")
    b = clients.add_client(vault, "2026-06-01", worker="ann")
    c = clients.add_client(vault, "2026-06-05", worker="bea")
    contact(vault, a, "2026-06-03 10:00", risk_review=True, worker="ann", next_contact="2026-06-10")
    contact(vault, c, "2026-06-09 10:00", risk_review=True, worker="bea", next_contact="2026-06-30")
    rows = {r["worker"]: r for r in figures.caseload(vault, today=TODAY)}
    assert rows["ann"] == {
        "worker": "ann",
        "open_clients": 2,
        "contacts_28_days": 1,
        "overdue": 2,
        "risk_reviews_due": 0,
    }
    assert rows["bea"]["open_clients"] == 1 and rows["bea"]["overdue"] == 0
    first = figures.first_contact_times(vault)
    assert first == {
        "clients": 3,
        "contacted": 2,
        "not_yet_contacted": 1,
        "median_days": 3.0,
        "mean_days": 3.0,
        "max_days": 4,
    }
    assert b  # referred, not yet contacted


def test_contacts_by_type_and_locality(vault):
    a = clients.add_client(vault, "2026-06-01", locality="Coalville")
    b = clients.add_client(vault, "2026-06-01")
    contact(vault, a, "2026-06-02 10:00", type="home visit")
    contact(vault, a, "2026-06-03 10:00", type="phone")
    contact(vault, b, "2026-06-04 10:00", type="phone")
    got = figures.contacts_by(vault, date(2026, 6, 1), date(2026, 6, 3))
    assert got == {"by_type": {"home visit": 1, "phone": 1}, "by_locality": {"Coalville": 2}}
    assert figures.contacts_by(vault)["by_locality"] == {"Coalville": 2, "Not recorded": 1}


def test_contact_validation_and_onward_referrals(vault):
    code = clients.add_client(
        vault, "2026-06-01", barriers=["no transport"], safe_method="text", safe_times="weekdays 9-3"
    )
    with pytest.raises(InputError) as bad:
        contacts.record_contact(
            vault,
            code,
            at="yesterday",
            type="carrier pigeon",
            safe=True,
            dash_score=50,
            issues=["gardening"],
            notes="x" * 1001,
            next_contact="2020-01-01",
        )
    assert len(bad.value.problems) >= 5
    cid = contacts.record_contact(
        vault,
        code,
        at="02/06/2026 14:30",
        type="accompanied appointment",
        safe=False,
        duration_min=90,
        risk_review=True,
        dash_score=12,
        safety_plan="created",
        issues=["housing", "legal"],
        onward=[Onward("Housing", "2026-06-02")],
        next_contact="09/06/2026",
    )
    (c,) = contacts.contacts_for(vault, code)
    assert c.id == cid and c.at == "2026-06-02T14:30" and c.next_contact == "2026-06-09"
    assert c.issues == ("housing", "legal") and not c.safe and c.onward[0].accepted is None
    onward.set_onward_outcome(vault, c.onward[0].id, True)
    assert contacts.contacts_for(vault, code)[0].onward[0].accepted is True


def test_locality_from_the_list(vault):
    with pytest.raises(InputError, match="locality"):
        clients.add_client(vault, "2026-06-01", locality="Atlantis")
