"""Every field of the other forms, filled as a user would, saved, and read back: an outreach
contact and a new client, a Freedom Programme cohort, and every vault setting."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from dv_forum.freedom import cohorts
from dv_forum.outreach import clients
from dv_forum.settings import registry
from dv_forum.vault import Vault
from tests.ui.shell_helpers import PASSPHRASE, unlock, wait_idle
from tests.ui.test_settings_reload import TEXT_VALUES
from ui.widgets import form_state


def _screen(qtbot, make_shell, folder, key, user="coord"):
    shell = make_shell(folder)
    unlock(qtbot, shell, user=user)
    shell.window.show_screen(key)
    wait_idle(qtbot, shell)
    return shell, shell.window.screen_for(key)


def test_every_contact_field_round_trips(qtbot, make_shell, folder):
    ann = Vault.open(folder, "ann", PASSPHRASE)
    code = clients.add_client(ann, date.today() - timedelta(days=10))
    ann.close()
    shell, s = _screen(qtbot, make_shell, folder, "outreach", user="ann")
    assert s.select_client(code)
    wait_idle(qtbot, shell)
    s.contacts.form.c_at.setDateTime(QDateTime(QDate.currentDate().addDays(-1), QTime(14, 30)))
    s.contacts.form.c_type.setCurrentText("accompanied appointment")
    s.contacts.form.c_safe.setChecked(False)
    s.contacts.form.c_duration.setValue(45)
    s.contacts.form.c_review.setChecked(True)
    s.contacts.form.c_dash.setValue(17)
    s.contacts.form.c_incident.setChecked(True)
    s.contacts.form.c_plan.setCurrentIndex(s.contacts.form.c_plan.count() - 1)
    for box in (*s.contacts.form.c_issues.values(), *s.contacts.form.c_barriers.values()):
        box.setChecked(True)
    s.contacts.form.c_onward.setText("Housing; Citizens Advice")
    s.contacts.form.c_next.line.setText("31/12/26")
    s.contacts.form.c_next.line.textEdited.emit("31/12/26")
    s.contacts.form.c_notes.setPlainText("Line one\nLine two")
    before = form_state.values(s.contacts.form.widgets())
    assert s.contacts.save()
    wait_idle(qtbot, shell)
    assert s.status.text() == f"Contact with {code} saved."
    s.contacts.view.selectRow(0)
    s.contacts.edit()
    after = form_state.values(s.contacts.form.widgets())
    assert after == {**before, "next": "31/12/2026"}  # shown as the date it was read as
    assert s.contacts.form.c_next.value() == date(2026, 12, 31)


def test_every_new_client_field_round_trips(qtbot, make_shell, folder):
    shell, s = _screen(qtbot, make_shell, folder, "outreach")
    s.new_client.n_referred.line.setText("2026-11-30")
    s.new_client.n_referred.line.textEdited.emit("2026-11-30")
    s.new_client.n_source.setText("GP surgery")
    s.new_client.n_locality.setCurrentIndex(2)
    for box in s.new_client.n_barriers.values():
        box.setChecked(True)
    s.new_client.n_method.setCurrentIndex(1)
    s.new_client.n_times.setText("weekdays 9-3")
    s.new_client.n_worker.setCurrentIndex(s.new_client.n_worker.findData("ann"))
    assert s.new_client.add()
    wait_idle(qtbot, shell)
    coord = Vault.open(folder, "coord", PASSPHRASE)
    got = clients.get_client(coord, s.client_code)
    coord.close()
    assert (got.referral_date, got.referral_source, got.locality) == (
        "2026-11-30",
        "GP surgery",
        s.new_client.n_locality.itemText(2),
    )
    assert set(got.barriers) == set(s.new_client.n_barriers) and got.worker == "ann"
    assert (got.safe_method, got.safe_times) == (s.new_client.n_method.itemText(1), "weekdays 9-3")
    assert s.new_client.watch.label.isHidden()


def test_every_cohort_field_round_trips(qtbot, make_shell, folder):
    shell, s = _screen(qtbot, make_shell, folder, "freedom")
    s.cohort_form.venue.setText("CV-HALL")
    s.cohort_form.start.line.setText("11/01/2027")
    s.cohort_form.start.line.textEdited.emit("11/01/2027")
    s.cohort_form.time.setText("13:30")
    s.cohort_form.session_list.setCurrentIndex(1)
    s.cohort_form.capacity.setValue(14)
    s.cohort_form.creche.setChecked(True)
    s.cohort_form.facilitators.setText("Ann, Bea")
    assert s.cohort_form.set_up()
    wait_idle(qtbot, shell)
    v = Vault.open(folder, "coord", PASSPHRASE)
    made = cohorts.all_cohorts(v.conn)
    v.close()
    assert len(made) == 1
    c = made[0]
    assert (c.venue_code, c.start_date, c.start_time, c.capacity, c.creche) == (
        "CV-HALL",
        "2027-01-11",
        "13:30",
        14,
        True,
    )
    assert c.facilitators == ("Ann", "Bea") and len(c.sessions) == 11
    assert s.cohort_form.venue.text() == "" and s.cohort_form.watch.label.isHidden()  # ready for the next one


def _another_value(key, editor):
    setting = registry()[key]
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex((editor.currentIndex() + 1) % editor.count())
    elif isinstance(editor, QCheckBox):
        editor.setChecked(not editor.isChecked())
    elif isinstance(editor, QSpinBox | QDoubleSpinBox):
        low, high = setting.bounds
        editor.setValue(high if editor.value() != high else low)
    elif isinstance(editor, QLineEdit):
        editor.setText(TEXT_VALUES.get(key, "Changed text"))


def test_every_setting_round_trips(qtbot, make_shell, folder, scripted_dialogs):
    shell, s = _screen(qtbot, make_shell, folder, "settings")
    for key, editor in s.vault_settings.editors.items():
        if key != "session.auto_lock_minutes":  # 0 would never lock; any other value is fine
            _another_value(key, editor)
    typed = form_state.values(s.vault_settings.editors)
    scripted_dialogs.script(None)  # "The settings were saved."
    s.vault_settings.save()
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1][1] == "Settings", scripted_dialogs.history[-1]
    shell.lock()
    wait_idle(qtbot, shell)
    unlock(qtbot, shell)
    shell.window.show_screen("settings")
    wait_idle(qtbot, shell)
    again = shell.window.screen_for("settings")
    assert form_state.values(again.vault_settings.editors) == typed
    assert again.vault_settings.watch.label.isHidden()


def test_every_participant_field_round_trips(qtbot, make_shell, folder):
    from dv_forum.freedom import participants

    shell, s = _screen(qtbot, make_shell, folder, "freedom")
    form = s.enrolment
    form.p_code.setText("FP-P-0042")
    form.p_source.setText("Health visitor")
    form.p_case.setText("")
    form.p_creche.setChecked(True)
    form.p_wait.setChecked(True)
    assert form.add_participant()
    wait_idle(qtbot, shell)
    v = Vault.open(folder, "coord", PASSPHRASE)
    waiting = participants.waiting_list(v)
    v.close()
    (w,) = waiting
    assert w.participant_code == "FP-P-0042" and w.creche_need
    assert form.p_code.text() == "" and form.watch.label.isHidden()  # ready for the next one


def test_meeting_details_round_trip(qtbot, make_shell, folder, scripted_dialogs):
    from dv_forum.marac import meetings

    v = Vault.open(folder, "coord", PASSPHRASE)
    m = meetings.add_meeting(v, "2026-03-12")
    v.close()
    shell, s = _screen(qtbot, make_shell, folder, "marac")
    s.select_meeting(m.id)
    wait_idle(qtbot, shell)
    scripted_dialogs.script({"venue": "CV-HUB", "chair": "DI Shaw"})
    s.meetings.edit_details()
    wait_idle(qtbot, shell)
    assert s.meetings.meeting_info.text() == "Venue CV-HUB; chair DI Shaw."
    v = Vault.open(folder, "coord", PASSPHRASE)
    again = meetings.get_meeting(v, "2026-03-12")
    v.close()
    assert (again.venue, again.chair) == ("CV-HUB", "DI Shaw")
