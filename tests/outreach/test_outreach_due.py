"""Outreach follow-ups on the Home screen (dv_forum.session.due_summary): counts only, overdue told
apart from due today, each role kept to the clients it may see, and nothing denied or leaked."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.outreach import clients, contacts
from dv_forum.outreach.due import DUE_TODAY, OVERDUE
from dv_forum.session import due_summary

TODAY = date(2026, 6, 15)


def contact(vault, code, at, **kw):
    kw.setdefault("type", "phone")
    kw.setdefault("safe", True)
    kw.setdefault("risk_review", True)
    return contacts.record_contact(vault, code, at=at, **kw)


@pytest.fixture
def office(vault_factory):
    """ann: one follow-up overdue, one due today, one due tomorrow. bea: a first contact due today,
    a first contact overdue and a risk review overdue. A closed client's overdue follow-up never
    counts."""
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    bea = vault_factory(role="outreach", name="bea")
    chair = vault_factory(role="chair", name="carol")
    codes = {}
    for name, nxt in (("overdue", "2026-06-10"), ("today", "2026-06-15"), ("tomorrow", "2026-06-16")):
        codes[name] = clients.add_client(ann, "2026-05-01")
        contact(ann, codes[name], "2026-06-01 10:00", next_contact=nxt)
    closed = clients.add_client(ann, "2026-05-01")
    contact(ann, closed, "2026-06-01 10:00", next_contact="2026-06-02")
    clients.close_client(ann, closed, TODAY)
    codes["first_today"] = clients.add_client(bea, "2026-06-13")  # first contact due in 2 days
    codes["first_late"] = clients.add_client(bea, "2026-06-01")
    codes["review_late"] = clients.add_client(bea, "2026-05-20")
    contact(bea, codes["review_late"], "2026-06-02 10:00", risk_review=False)
    return {"coordinator": coord, "ann": ann, "bea": bea, "chair": chair, "codes": codes}


def outreach_counts(vault, today=TODAY):
    return {i.label: i.value for i in due_summary(vault, today).items if i.area == "outreach"}


@pytest.mark.parametrize(
    ("who", "overdue", "due_today"),
    [("ann", 1, 1), ("bea", 2, 1), ("coordinator", 3, 2)],
)
def test_counts_keep_to_the_clients_the_user_may_see(office, who, overdue, due_today):
    assert outreach_counts(office[who]) == {OVERDUE: str(overdue), DUE_TODAY: str(due_today)}


def test_overdue_and_due_today_move_with_the_day(office):
    ann = office["ann"]
    assert outreach_counts(ann, date(2026, 6, 9)) == {OVERDUE: "0", DUE_TODAY: "0"}
    assert outreach_counts(ann, date(2026, 6, 10)) == {OVERDUE: "0", DUE_TODAY: "1"}
    assert outreach_counts(ann, date(2026, 6, 16)) == {OVERDUE: "2", DUE_TODAY: "1"}
    # A contact that sets a later date takes the overdue follow-up off the list.
    contact(ann, office["codes"]["overdue"], "2026-06-15 09:00", next_contact="2026-06-29")
    assert outreach_counts(ann) == {OVERDUE: "0", DUE_TODAY: "1"}


def test_chair_sees_no_outreach_and_is_not_denied(office):
    coord, chair = office["coordinator"], office["chair"]
    before = coord.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    items = due_summary(chair, TODAY).items
    assert [i.area for i in items] == ["marac", "marac"]
    assert coord.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_outreach_worker_sees_no_marac_items(office):
    assert {i.area for i in due_summary(office["ann"], TODAY).items} == {"outreach"}
    assert {i.area for i in due_summary(office["coordinator"], TODAY).items} == {"marac", "outreach"}


def test_items_carry_counts_only(office):
    coord = office["coordinator"]
    shown = repr(due_summary(coord, TODAY))
    for code in office["codes"].values():
        assert code not in shown
    for name in ("ann", "bea"):
        assert name not in shown
    assert "2026-06" not in shown
