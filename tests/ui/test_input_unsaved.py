"""Every form shows when it holds unsaved input and asks Save / Discard / Cancel before it is
left: Settings, Outreach (contact and new client), Freedom (cohort and participant) and MARAC
minutes; a meeting's details dialog open when the vault locks comes back after unlock."""

from __future__ import annotations

from datetime import date, timedelta

from dv_forum.marac import agenda, meetings
from dv_forum.outreach import clients
from dv_forum.settings import get_setting, registry
from dv_forum.vault import Vault
from tests.marac.conftest import insert_referral
from tests.ui.shell_helpers import PASSPHRASE, unlock, wait_idle


def _open(qtbot, make_shell, folder, key, user="coord"):
    shell = make_shell(folder)
    unlock(qtbot, shell, user=user)
    shell.window.show_screen(key)
    wait_idle(qtbot, shell)
    return shell, shell.window.screen_for(key)


def _leave(qtbot, shell, scripted_dialogs, answer):
    scripted_dialogs.script(answer)
    shell.window.show_screen("home")
    wait_idle(qtbot, shell)
    return scripted_dialogs.history[-1]


def _stored(folder, key):
    v = Vault.open(folder, "coord", PASSPHRASE)
    try:
        return get_setting(v.conn, registry()[key])
    finally:
        v.close()


KEY = "escalation.incidents"


def test_settings_marker_and_leaving_cancel_discard_save(qtbot, make_shell, folder, scripted_dialogs):
    shell, screen = _open(qtbot, make_shell, folder, "settings")
    editor = screen.vault_settings.editors[KEY]
    assert screen.vault_settings.watch.label.isHidden()
    editor.setValue(editor.value() + 2)
    assert not screen.vault_settings.watch.label.isHidden()
    kind, title, _ = _leave(qtbot, shell, scripted_dialogs, "cancel")
    assert (kind, title) == ("unsaved", "Unsaved settings")
    assert shell.window.current_key() == "settings"
    typed = editor.value()
    _leave(qtbot, shell, scripted_dialogs, "discard")
    assert shell.window.current_key() == "home"
    assert editor.value() == typed - 2 and screen.vault_settings.watch.label.isHidden()
    shell.window.show_screen("settings")
    editor.setValue(typed)
    scripted_dialogs.script("save", None)  # then the "saved" message
    shell.window.show_screen("home")
    wait_idle(qtbot, shell)
    assert shell.window.current_key() == "home"
    assert screen.vault_settings.watch.label.isHidden()
    shell.lock()
    wait_idle(qtbot, shell)
    assert _stored(folder, KEY) == typed


def test_a_reload_keeps_settings_being_typed(qtbot, make_shell, folder):
    shell, screen = _open(qtbot, make_shell, folder, "settings")
    editor = screen.vault_settings.editors[KEY]
    editor.setValue(editor.value() + 1)
    typed = editor.value()
    screen.reload()  # as after a user is added
    wait_idle(qtbot, shell)
    assert editor.value() == typed and not screen.vault_settings.watch.label.isHidden()


def test_settings_being_changed_survive_a_lock(qtbot, make_shell, folder, scripted_dialogs):
    shell, screen = _open(qtbot, make_shell, folder, "settings")
    screen.vault_settings.editors[KEY].setValue(screen.vault_settings.editors[KEY].value() + 3)
    typed = screen.vault_settings.editors[KEY].value()
    shell.lock()
    wait_idle(qtbot, shell)
    scripted_dialogs.script(True)
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("settings")
    assert screen.vault_settings.editors[KEY].value() == typed
    assert not screen.vault_settings.watch.label.isHidden()  # restored, still to be saved
    assert _stored(folder, KEY) != typed


def _outreach(qtbot, make_shell, folder):
    ann = Vault.open(folder, "ann", PASSPHRASE)
    codes = [clients.add_client(ann, date.today() - timedelta(days=d)) for d in (3, 4)]
    ann.close()
    shell, screen = _open(qtbot, make_shell, folder, "outreach", user="ann")
    assert screen.select_client(codes[0])
    wait_idle(qtbot, shell)
    return shell, screen, codes


def test_choosing_another_client_with_a_typed_contact_asks(qtbot, make_shell, folder, scripted_dialogs):
    shell, screen, codes = _outreach(qtbot, make_shell, folder)
    assert screen.contacts.form.watch.label.isHidden()
    screen.contacts.form.c_notes.setPlainText("Talked about the injunction")
    assert not screen.contacts.form.watch.label.isHidden()
    scripted_dialogs.script("cancel")
    screen.select_client(codes[1])
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1][:2] == ("unsaved", "Unsaved contact")
    assert screen.client_code == codes[0]
    assert screen.contacts.form.c_notes.toPlainText() == "Talked about the injunction"
    scripted_dialogs.script("save")
    screen.select_client(codes[1])
    wait_idle(qtbot, shell)
    assert screen.client_code == codes[1] and screen.contacts.form.c_notes.toPlainText() == ""
    assert screen.contacts.form.watch.label.isHidden()
    ann = Vault.open(folder, "ann", PASSPHRASE)
    from dv_forum.outreach import contacts

    saved = contacts.contacts_for(ann, codes[0])
    ann.close()
    assert [c.notes for c in saved] == ["Talked about the injunction"]


def test_leaving_outreach_with_a_typed_new_client_asks(qtbot, make_shell, folder, scripted_dialogs):
    shell, screen, _codes = _outreach(qtbot, make_shell, folder)
    assert screen.new_client.watch.label.isHidden()  # filling the locality list is not input
    screen.new_client.n_source.setText("GP surgery")
    assert not screen.new_client.watch.label.isHidden()
    _leave(qtbot, shell, scripted_dialogs, "cancel")
    assert shell.window.current_key() == "outreach"
    _leave(qtbot, shell, scripted_dialogs, "discard")
    assert shell.window.current_key() == "home" and screen.new_client.n_source.text() == ""


def test_freedom_forms_mark_and_ask(qtbot, make_shell, folder, scripted_dialogs):
    shell, screen = _open(qtbot, make_shell, folder, "freedom")
    assert screen.cohort_form.watch.label.isHidden() and screen.enrolment.watch.label.isHidden()
    screen.cohort_form.venue.setText("CV-HALL")
    screen.enrolment.p_source.setText("Health visitor")
    assert not screen.cohort_form.watch.label.isHidden()
    assert not screen.enrolment.watch.label.isHidden()
    kind, title, _ = _leave(qtbot, shell, scripted_dialogs, "cancel")
    assert title == "Unsaved cohort" and shell.window.current_key() == "freedom"
    scripted_dialogs.script("save")  # the cohort is set up ...
    _leave(qtbot, shell, scripted_dialogs, "discard")  # ... the participant dropped
    assert shell.window.current_key() == "home"
    assert screen.cohort_form.venue.text() == "" and screen.cohort_form.watch.label.isHidden()
    assert screen.enrolment.p_source.text() == ""
    assert "set up" in screen.status.text()


def _meeting(folder, day):
    v = Vault.open(folder, "coord", PASSPHRASE)
    m = meetings.add_meeting(v, day)
    rid = insert_referral(v, "NWL-2026-0001", "2026-03-01")
    agenda.add_cases(v, m.id, [rid])
    v.close()
    return m.id


def test_leaving_marac_with_unsaved_minutes_asks(qtbot, make_shell, folder, scripted_dialogs):
    _meeting(folder, "2026-03-12")
    shell, screen = _open(qtbot, make_shell, folder, "marac")
    screen.agenda.table.setCurrentCell(0, 0)
    wait_idle(qtbot, shell)
    panel = screen.agenda.minutes
    assert panel.watch.label.isHidden()
    panel.info_edit.setPlainText("Police: two callouts")
    assert not panel.watch.label.isHidden()
    _leave(qtbot, shell, scripted_dialogs, "cancel")
    assert shell.window.current_key() == "marac"
    _leave(qtbot, shell, scripted_dialogs, "save")
    assert shell.window.current_key() == "home" and panel.watch.label.isHidden()
    v = Vault.open(folder, "coord", PASSPHRASE)
    text = v.conn.execute("SELECT group_concat(info_shared) FROM minutes").fetchone()[0]
    v.close()
    assert text == "Police: two callouts"


def test_choosing_another_meeting_keeps_the_minutes_typed(qtbot, make_shell, folder):
    first = _meeting(folder, "2026-03-12")
    v = Vault.open(folder, "coord", PASSPHRASE)
    meetings.add_meeting(v, "2026-04-09")
    v.close()
    shell, screen = _open(qtbot, make_shell, folder, "marac")
    screen.select_meeting(first)
    wait_idle(qtbot, shell)
    screen.agenda.table.setCurrentCell(0, 0)
    wait_idle(qtbot, shell)
    screen.agenda.minutes.info_edit.setPlainText("Health: missed appointments")
    screen.meetings.list.setCurrentRow(1 - screen.meetings.list.currentRow())
    wait_idle(qtbot, shell)
    v = Vault.open(folder, "coord", PASSPHRASE)
    text = v.conn.execute("SELECT group_concat(info_shared) FROM minutes").fetchone()[0]
    v.close()
    assert text == "Health: missed appointments"


def test_meeting_details_open_at_a_lock_come_back(qtbot, make_shell, folder, scripted_dialogs):
    from PySide6.QtCore import QTimer

    mid = _meeting(folder, "2026-03-12")
    shell, screen = _open(qtbot, make_shell, folder, "marac")
    screen.select_meeting(mid)
    wait_idle(qtbot, shell)
    scripted_dialogs.strict = False  # the real dialog opens; the lock below ends it

    def type_then_lock():
        dialog = screen.meetings._details_open[1]
        dialog.venue.setText("CV-HALL")
        dialog.chair.setText("DI Shaw")
        shell.lock()

    QTimer.singleShot(0, type_then_lock)
    screen.meetings.edit_details()  # returns once the lock has closed the dialog
    wait_idle(qtbot, shell)
    assert screen.meetings._details_open is None
    scripted_dialogs.strict = True
    scripted_dialogs.script(True, {"venue": "CV-HALL", "chair": "DI Shaw"})
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    wait_idle(qtbot, shell)
    titles = [h[1] for h in scripted_dialogs.history]
    assert "Unsaved work" in titles and titles[-1] == "Meeting details"
    v = Vault.open(folder, "coord", PASSPHRASE)
    m = meetings.get_meeting(v, "2026-03-12")
    v.close()
    assert (m.venue, m.chair) == ("CV-HALL", "DI Shaw")
