"""Correcting and deleting a saved contact on the Outreach screen, as a worker would notice it: the
table and what is due change, deleting asks first, a stale list cannot reach another worker's client,
and the keyboard does it all. The last test goes through the real shell and its database thread."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from dv_forum.outreach import clients, contacts
from dv_forum.vault import Vault
from tests.conftest import district_setup
from tests.ui.screen_ctx import SyncContext
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle

TODAY = date.today()
AT = TODAY - timedelta(days=19)


@pytest.fixture
def team(vault_factory):
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    vault_factory(role="outreach", name="bea")
    mine = clients.add_client(ann, TODAY - timedelta(days=20), locality="Coalville")
    cid = contacts.record_contact(
        ann,
        mine,
        at=f"{AT} 10:00",
        type="phone",
        safe=True,
        duration_min=25,
        risk_review=True,
        dash_score=11,
        issues=["housing"],
        onward=["GP"],
        next_contact=TODAY - timedelta(days=2),
        notes="First call.",
    )
    return coord, ann, mine, cid


def make(qtbot, vault):
    from ui.screens.outreach import OutreachScreen

    ctx = SyncContext(vault)
    screen = OutreachScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def show(qtbot, screen):
    """Keyboard shortcuts need a shown, active window."""
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)


def shown(screen, column):
    """What the contacts table shows in a column, top row first (through the sorting proxy)."""
    view = screen.contacts.view
    return [view.model().index(r, column).data() for r in range(view.model().rowCount())]


def due(screen):
    return [screen.due_model.row_data(r) for r in range(screen.due_model.rowCount())]


def choose_contact(qtbot, screen, row=0):
    screen.clients_view.selectRow(0)
    screen.contacts.view.setFocus()
    screen.contacts.view.selectRow(row)
    assert screen.contacts.edit_button.isEnabled() and screen.contacts.delete_button.isEnabled()


def test_enter_corrects_a_contact_and_the_table_and_due_list_follow(qtbot, team):
    coord, ann, mine, cid = team
    ctx, screen = make(qtbot, ann)
    show(qtbot, screen)
    screen.clients_view.selectRow(0)
    assert not screen.contacts.edit_button.isEnabled()  # nothing chosen yet
    assert shown(screen, 1) == ["phone"]
    assert [(d["kind"], d["overdue"]) for d in due(screen)] == [("follow-up", True)]
    choose_contact(qtbot, screen)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Return)
    # The form holds the saved contact, says so, and has the focus.
    assert screen.contacts.form.title() == f"Correct the contact of {AT:%d/%m/%Y} 10:00 with {mine}"
    assert (
        screen.contacts.form.c_type.currentText(),
        screen.contacts.form.c_dash.value(),
        screen.contacts.form.c_duration.value(),
    ) == (
        "phone",
        11,
        25,
    )
    assert (
        screen.contacts.form.c_issues["housing"].isChecked() and screen.contacts.form.c_onward.text() == "GP"
    )
    assert (
        screen.contacts.form.c_notes.toPlainText() == "First call."
        and screen.contacts.form.c_save.text() == "Save changes"
    )
    assert screen.contacts.form.c_at.hasFocus() and screen.contacts.form.c_cancel.isVisible()
    screen.contacts.form.c_type.setCurrentText("home visit")
    screen.contacts.form.c_next.setDate(TODAY + timedelta(days=5))
    qtbot.keyClick(screen.contacts.form.c_notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ctx.errors == []
    assert shown(screen, 1) == ["home visit"] and shown(screen, 5) == [
        f"{TODAY + timedelta(days=5):%d/%m/%Y}"
    ]
    assert [(d["kind"], d["overdue"]) for d in due(screen)] == [("follow-up", False)]
    assert "corrected" in screen.status.text()
    # Back to a new-contact form, with the corrected contact still chosen in the table.
    assert (
        screen.contacts.form.title() == f"New contact with {mine}"
        and not screen.contacts.form.c_cancel.isVisible()
    )
    assert screen.contacts.view.hasFocus() and screen.contacts.delete_button.isEnabled()
    (saved,) = contacts.contacts_for(coord, mine)
    assert (saved.id, saved.type, saved.notes, saved.duration_min) == (cid, "home visit", "First call.", 25)
    assert [(o.agency, o.referred_date) for o in saved.onward] == [("GP", str(AT))]
    assert screen.contacts.model.rowCount() == 1  # corrected, not added


def test_double_click_or_the_button_edits_and_escape_leaves_it_as_it_was(qtbot, team):
    coord, ann, mine, _ = team
    ctx, screen = make(qtbot, ann)
    show(qtbot, screen)
    choose_contact(qtbot, screen)
    view = screen.contacts.view
    rect = view.visualRect(view.model().index(0, 1))
    # A real double-click: press and release, then the double-click event on the same row.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.contacts.editing is not None and screen.contacts.form.c_type.currentText() == "phone"
    screen.contacts.form.c_type.setCurrentText("text")
    qtbot.keyClick(screen.contacts.form.c_type, Qt.Key.Key_Escape)
    assert screen.contacts.editing is None and "cancelled" in screen.status.text()
    assert (
        screen.contacts.form.title() == f"New contact with {mine}"
        and screen.contacts.form.c_type.currentText() == "home visit"
    )
    choose_contact(qtbot, screen)
    qtbot.mouseClick(screen.contacts.edit_button, Qt.MouseButton.LeftButton)
    assert screen.contacts.editing is not None
    screen.contacts.form.c_onward.setText("GP; Housing")
    screen.contacts.form.c_review.setChecked(False)
    qtbot.mouseClick(screen.contacts.form.c_save, Qt.MouseButton.LeftButton)
    assert ctx.errors == []
    assert shown(screen, 4) == [""]  # the risk review column
    (saved,) = contacts.contacts_for(coord, mine)
    assert (saved.risk_review, saved.dash_score) == (False, None)
    assert [o.agency for o in saved.onward] == ["GP", "Housing"]


def test_delete_asks_first_and_removes_the_contact(qtbot, team, scripted_dialogs):
    coord, ann, mine, _ = team
    ctx, screen = make(qtbot, ann)
    show(qtbot, screen)
    choose_contact(qtbot, screen)
    scripted_dialogs.script(False)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Delete)
    kind, title, text = scripted_dialogs.history[-1]
    assert (kind, title) == ("question", "Delete contact")
    assert f"phone contact of {AT:%d/%m/%Y} 10:00 with {mine}" in text and "cannot be undone" in text
    assert screen.contacts.model.rowCount() == 1 and len(contacts.contacts_for(coord, mine)) == 1
    scripted_dialogs.script(True)
    qtbot.mouseClick(screen.contacts.delete_button, Qt.MouseButton.LeftButton)
    assert ctx.errors == [] and "deleted" in screen.status.text()
    assert screen.contacts.model.rowCount() == 0 and not screen.contacts.delete_button.isEnabled()
    assert contacts.contacts_for(coord, mine) == []
    # With no contact left, the first contact is due (and overdue) again.
    assert [(d["kind"], d["overdue"]) for d in due(screen)] == [("first contact", True)]
    # Delete with nothing chosen asks nothing.
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Delete)
    assert screen.status.text() == "Choose a contact first."


def test_deleting_the_contact_being_corrected_empties_the_form(qtbot, team, scripted_dialogs):
    _, ann, mine, _ = team
    _, screen = make(qtbot, ann)
    show(qtbot, screen)
    choose_contact(qtbot, screen)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Return)
    screen.contacts.view.setFocus()
    scripted_dialogs.script(True)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Delete)
    assert screen.contacts.editing is None and screen.contacts.form.title() == f"New contact with {mine}"


def test_worker_cannot_correct_a_contact_once_the_client_is_another_workers(qtbot, team, scripted_dialogs):
    coord, ann, mine, cid = team
    _, screen = make(qtbot, ann)
    show(qtbot, screen)
    choose_contact(qtbot, screen)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Return)
    # Meanwhile the coordinator hands the client to Bea; Ann's screen still shows it.
    clients.update_client(coord, mine, worker="bea")
    screen.contacts.form.c_type.setCurrentText("office")
    scripted_dialogs.script(None)
    qtbot.mouseClick(screen.contacts.form.c_save, Qt.MouseButton.LeftButton)
    kind, _, text = scripted_dialogs.history[-1]
    assert kind == "warning" and f"Client {mine} is not on your caseload." == text
    (saved,) = contacts.contacts_for(coord, mine)
    assert saved.type == "phone"
    denied = coord.conn.execute("SELECT user, ref, detail FROM audit WHERE action = 'denied'").fetchall()
    assert [tuple(r) for r in denied] == [("ann", mine, "EDIT_ALL_OUTREACH")]
    # The list is loaded again: the client has gone from it and the form is closed.
    assert screen.clients_model.rowCount() == 0 and screen.contacts.model.rowCount() == 0
    assert not screen.contacts.form.isEnabled() and screen.contacts.editing is None
    assert mine not in screen.contacts.form.title() and mine not in screen.client_info.text()
    assert not screen.contacts.edit_button.isEnabled() and not screen.contacts.delete_button.isEnabled()


def test_a_bad_correction_is_explained_and_the_form_kept(qtbot, team, scripted_dialogs):
    coord, ann, mine, _ = team
    _, screen = make(qtbot, ann)
    show(qtbot, screen)
    choose_contact(qtbot, screen)
    qtbot.keyClick(screen.contacts.view, Qt.Key.Key_Return)
    screen.contacts.form.c_at.setDateTime(
        screen.contacts.form.c_at.dateTime().addDays(30)
    )  # after the next contact date
    screen.contacts.form.c_notes.setPlainText("y" * 1200)
    scripted_dialogs.script(None)
    screen.contacts.save()
    kind, _, text = scripted_dialogs.history[-1]
    assert kind == "warning" and "notes are longer than 1000" in text
    assert "the next contact date is before this contact" in text
    assert screen.contacts.editing is not None and screen.contacts.form.c_notes.toPlainText().startswith("y")
    assert contacts.contacts_for(coord, mine)[0].notes == "First call."


def test_correct_and_delete_through_the_shell(qtbot, make_shell, tmp_path, scripted_dialogs):
    """The same work through the real shell: the core runs on the database thread, the table
    follows when it is done."""
    vault = district_setup(Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)[0])
    vault.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    vault.conn.execute("UPDATE users SET must_change = 0")
    code = clients.add_client(vault, TODAY - timedelta(days=3), worker="ann")
    contacts.record_contact(vault, code, at=f"{TODAY} 09:15", type="text", safe=True, worker="ann")
    vault.close()
    shell = make_shell(tmp_path / "vault")
    unlock(qtbot, shell, user="ann")
    shell.window.show_screen("outreach")
    screen = shell.window.screen_for("outreach")
    qtbot.waitUntil(lambda: screen.clients_model.rowCount() == 1, timeout=10000)
    screen.clients_view.selectRow(0)
    qtbot.waitUntil(lambda: screen.contacts.model.rowCount() == 1, timeout=10000)
    screen.contacts.view.selectRow(0)
    screen.contacts.edit_button.click()
    screen.contacts.form.c_type.setCurrentText("drop-in")
    screen.contacts.form.c_save.click()
    qtbot.waitUntil(lambda: shown(screen, 1) == ["drop-in"], timeout=10000)
    wait_idle(qtbot, shell)
    assert "corrected" in screen.status.text()
    screen.contacts.view.selectRow(0)
    scripted_dialogs.script(True)
    screen.contacts.delete_button.click()
    qtbot.waitUntil(lambda: screen.contacts.model.rowCount() == 0, timeout=10000)
    wait_idle(qtbot, shell)
    assert "deleted" in screen.status.text()
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []
    shell.lock()
    wait_idle(qtbot, shell)
    check = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    try:
        actions = [r[0] for r in check.conn.execute("SELECT action FROM audit WHERE user = 'ann'")]
        assert "outreach.contact.edit" in actions and "outreach.contact.delete" in actions
        assert check.conn.execute("SELECT count(*) FROM outreach_contacts").fetchone()[0] == 0
    finally:
        check.close()


def test_a_new_contact_starts_as_the_clients_safe_method_and_is_not_assumed_safe(qtbot, vault_factory):
    vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    clients.add_client(ann, TODAY - timedelta(days=3), safe_method="text")
    _, screen = make(qtbot, ann)
    qtbot.waitUntil(lambda: screen.clients_model.rowCount() == 1)
    screen.clients_view.selectRow(0)
    form = screen.contacts.form
    qtbot.waitUntil(lambda: form.c_type.currentText() == "text")
    assert not form.c_safe.isChecked()
    assert not form.watch.is_dirty()  # a default is not input: leaving asks nothing
