"""Outreach screen: a worker sees only her clients, records a contact from the form, sees what is
due; models pass qtmodeltester; clear() drops every code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dv_forum.outreach import clients, contacts
from tests.ui.screen_ctx import SyncContext


@pytest.fixture
def team(vault_factory):
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    vault_factory(role="outreach", name="bea")
    today = date.today()
    mine = clients.add_client(ann, today - timedelta(days=20), locality="Coalville", safe_method="text")
    contacts.record_contact(
        ann,
        mine,
        at=f"{today - timedelta(days=19)} 10:00",
        type="phone",
        safe=True,
        risk_review=True,
        dash_score=11,
        next_contact=today - timedelta(days=2),
    )
    theirs = clients.add_client(coord, today - timedelta(days=5), worker="bea")
    return coord, ann, mine, theirs


def make(qtbot, vault):
    from ui.screens.outreach import OutreachScreen

    ctx = SyncContext(vault)
    screen = OutreachScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def test_worker_sees_only_her_clients_and_what_is_due(qtbot, qtmodeltester, team):
    _, ann, mine, theirs = team
    _, screen = make(qtbot, ann)
    codes = [screen.clients_model.row_data(r)["code"] for r in range(screen.clients_model.rowCount())]
    assert codes == [mine]
    due = [screen.due_model.row_data(r) for r in range(screen.due_model.rowCount())]
    assert [(d["client_code"], d["kind"], d["overdue"]) for d in due] == [(mine, "follow-up", True)]
    assert [r["worker"] for r in screen.caseload_model._rows] == ["ann"]
    for model in (screen.clients_model, screen.due_model, screen.caseload_model, screen.contacts.model):
        qtmodeltester.check(model)
    assert theirs not in str(screen.clients_model._rows)


def test_record_a_contact_from_the_form(qtbot, qtmodeltester, team):
    coord, ann, mine, _ = team
    ctx, screen = make(qtbot, ann)
    # Until a client is chosen the greyed-out form says why.
    assert not screen.contacts.form.isEnabled() and not screen.contacts.hint.isHidden()
    assert "Choose a client" in screen.contacts.hint.text()
    screen.clients_view.selectRow(0)
    assert screen.contacts.form.isEnabled() and screen.contacts.model.rowCount() == 1
    assert screen.contacts.hint.isHidden()
    qtmodeltester.check(screen.contacts.model)
    screen.contacts.form.c_type.setCurrentText("home visit")
    screen.contacts.form.c_review.setChecked(True)
    screen.contacts.form.c_dash.setValue(15)
    screen.contacts.form.c_issues["housing"].setChecked(True)
    screen.contacts.form.c_onward.setText("Housing")
    screen.contacts.form.c_notes.setPlainText("Talked through the plan.")
    screen.contacts.save()
    assert ctx.errors == [] and "saved" in screen.status.text()
    latest = contacts.contacts_for(ann, mine)[0]
    assert (latest.type, latest.dash_score, latest.issues, latest.onward[0].agency) == (
        "home visit",
        15,
        ("housing",),
        "Housing",
    )
    # The follow-up is no longer overdue: the new contact set next week.
    assert all(not screen.due_model.row_data(r)["overdue"] for r in range(screen.due_model.rowCount()))
    assert screen.contacts.model.rowCount() == 2 and not screen.contacts.form.c_review.isChecked()


def test_add_client_and_coordinator_sees_all(qtbot, team):
    coord, ann, mine, theirs = team
    ctx, screen = make(qtbot, coord)
    assert screen.clients_model.rowCount() == 2
    screen.new_client.n_source.setText("Police")
    screen.new_client.n_locality.setCurrentText("Measham")
    screen.new_client.n_barriers["no transport"].setChecked(True)
    screen.new_client.n_worker.setCurrentIndex(screen.new_client.n_worker.findText("ann"))
    screen.new_client.add()
    assert ctx.errors == [] and screen.clients_model.rowCount() == 3
    assert len(clients.list_clients(ann)) == 2


def test_bad_contact_shows_the_problem_and_keeps_the_form(qtbot, team):
    _, ann, _, _ = team
    ctx, screen = make(qtbot, ann)
    screen.clients_view.selectRow(0)
    screen.contacts.form.c_notes.setPlainText("x" * 1200)
    screen.contacts.save()
    assert ctx.errors and "notes are longer" in str(ctx.errors[0])
    assert screen.contacts.form.c_notes.toPlainText().startswith("x")


def test_clear_drops_every_code(qtbot, team):
    _, ann, mine, _ = team
    _, screen = make(qtbot, ann)
    screen.clients_view.selectRow(0)
    screen.clear()
    for model in (screen.clients_model, screen.contacts.model, screen.due_model, screen.caseload_model):
        assert model.rowCount() == 0
    assert mine not in screen.client_info.text() and mine not in screen.contacts.form.title()
