"""Steps that cannot be undone: a meeting still to come cannot be held; approving the minutes asks
first and names the cases without a summary; buttons that cannot act say why; Clear form asks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dv_forum.dates import shown
from dv_forum.errors import UserError
from dv_forum.marac import agenda, meetings
from tests.marac.conftest import (  # noqa: F401
    insert_referral,
    populated,
    referral,
)
from tests.ui.screen_ctx import SyncContext


def _screen(qtbot, vault):
    from ui.screens.marac import MaracScreen

    ctx = SyncContext(vault)
    screen = MaracScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return screen, ctx


def _select(screen, iso):
    for i in range(screen.meetings.list.count()):
        if screen.meetings.list.item(i).text().split()[1] == shown(iso):
            screen.meetings.list.setCurrentRow(i)
            return
    raise AssertionError(iso)


def test_core_refuses_to_hold_a_meeting_in_the_future(vault, referral):  # noqa: F811
    ahead = date.today() + timedelta(days=21)
    m = meetings.add_meeting(vault, ahead.isoformat())
    rid = referral((date.today() - timedelta(days=3)).isoformat())
    agenda.add_cases(vault, m.id, [rid])
    with pytest.raises(UserError, match="has not happened yet"):
        meetings.mark_held(vault, m.id)
    assert meetings.get_meeting(vault, ahead.isoformat()).status == "scheduled"
    heard = vault.conn.execute("SELECT heard_date FROM referrals WHERE id = ?", (rid,)).fetchone()[0]
    assert heard is None


def test_held_button_is_disabled_for_a_future_meeting_with_the_reason(qtbot, vault, populated):  # noqa: F811
    ahead = date.today() + timedelta(days=21)
    meetings.add_meeting(vault, ahead.isoformat())
    screen, ctx = _screen(qtbot, vault)
    _select(screen, ahead.isoformat())
    assert not screen.meetings.held_button.isEnabled()
    assert f"{ahead:%d/%m/%Y}" in screen.meetings.held_button.toolTip()
    assert not screen.meetings.approve_button.isEnabled()
    assert "held first" in screen.meetings.approve_button.toolTip()
    screen.meetings.mark_held()
    assert meetings.get_meeting(vault, ahead.isoformat()).status == "scheduled"
    _select(screen, "2026-03-12")  # in the past, still scheduled
    assert screen.meetings.held_button.isEnabled()


def test_approve_asks_and_names_cases_without_a_summary(qtbot, vault, populated, scripted_dialogs):  # noqa: F811
    meetings.mark_held(vault, populated["next"].id)
    screen, ctx = _screen(qtbot, vault)
    _select(screen, "2026-03-12")
    missing = [c.case_ref for c in screen.agenda.cases if not (c.summary or "").strip()]
    assert missing and len(missing) < len(screen.agenda.cases)
    scripted_dialogs.script(False)
    screen.meetings.approve_button.click()
    kind, title, text = scripted_dialogs.history[-1]
    assert kind == "question" and all(ref in text for ref in missing)
    assert meetings.get_meeting(vault, "2026-03-12").status == "held"  # said no: nothing changed
    scripted_dialogs.script(True)
    screen.meetings.approve_button.click()
    assert meetings.get_meeting(vault, "2026-03-12").status == "approved"
    assert (
        not screen.meetings.approve_button.isEnabled()
        and "already" in screen.meetings.approve_button.toolTip()
    )


def test_clear_form_asks_and_is_disabled_when_empty(qtbot, vault, scripted_dialogs):
    from tests.ui.test_cases_screen import make

    _, screen = make(qtbot, vault)
    form = screen.form
    assert not form.reset_button.isEnabled() and "empty" in form.reset_button.toolTip()
    form.inputs["case_ref"].setText("NWL-2026-0999")
    assert form.reset_button.isEnabled()
    scripted_dialogs.script(False)
    form.reset_button.click()
    assert form.inputs["case_ref"].text() == "NWL-2026-0999"
    scripted_dialogs.script(True)
    form.reset_button.click()
    assert form.inputs["case_ref"].text() == ""
    assert not form.reset_button.isEnabled()
