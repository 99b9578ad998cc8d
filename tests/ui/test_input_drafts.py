"""A half-filled referral survives Ctrl+L and quick exit: kept inside the vault (no file anywhere
holds what was typed) and offered back to the same user after unlock."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle

MARKER = "DRAFTMARK-91c2e7"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("other", "coordinator", PASSPHRASE, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    return tmp_path / "vault"


def _fill(qtbot, shell):
    shell.window.show_screen("cases")
    wait_idle(qtbot, shell)
    form = shell.window.screen_for("cases").form
    form.identity["victim"]["surname"].setText("Jones" + MARKER)
    form.inputs["referral_date"].setText("10/01/2026")
    form.notes.setPlainText("Met at the clinic " + MARKER)
    next(iter(form.checklist.boxes.values())).setCurrentText("Yes")


def _files_with_marker(*roots: Path) -> list[Path]:
    hits = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                path = Path(dirpath) / name
                if MARKER.encode() in path.read_bytes():
                    hits.append(path)
    return hits


def test_lock_keeps_the_draft_in_the_vault_and_offers_it_back(
    qtbot, make_shell, folder, tmp_path, sandbox, scripted_dialogs
):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    _fill(qtbot, shell)
    shell.lock()
    wait_idle(qtbot, shell)
    assert _files_with_marker(tmp_path, sandbox) == []
    v = Vault.open(folder, "coord", PASSPHRASE)
    try:
        kept = [r[0] for r in v.conn.execute("SELECT content FROM drafts")]
    finally:
        v.close()
    assert len(kept) == 1 and "Met at the clinic" in kept[0] and "Jones" not in kept[0]
    # Another user of the vault is not offered it.
    unlock(qtbot, shell, user="other")
    assert not [h for h in scripted_dialogs.history if h[1] == "Unsaved work"]
    shell.lock()
    wait_idle(qtbot, shell)
    scripted_dialogs.script(True)
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    kind, title, text = scripted_dialogs.history[-1]
    assert (kind, title) == ("question", "Unsaved work") and text.startswith("Restore the draft from ")
    form = shell.window.screen_for("cases").form
    # Identities are never stored, drafts included: the form says to type them again.
    assert form.identity["victim"]["surname"].text() == ""
    assert "Type the names and dates of birth again" in form.heading.text()
    assert form.inputs["referral_date"].text() == "10/01/2026"
    assert form.notes.toPlainText() == "Met at the clinic " + MARKER
    assert next(iter(form.checklist.boxes.values())).currentText() == "Yes"
    assert shell.window.current_key() == "cases"


def test_quick_exit_keeps_the_draft(qtbot, make_shell, folder, tmp_path, sandbox, scripted_dialogs):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    _fill(qtbot, shell)
    shell.quick_exit()
    qtbot.waitUntil(lambda: shell.exits == [1], timeout=10000)
    assert not shell.window.isVisible()
    assert _files_with_marker(tmp_path, sandbox) == []
    again = make_shell(folder)
    scripted_dialogs.script(False)  # declined: the form stays empty and the draft is gone
    unlock(qtbot, again)
    wait_idle(qtbot, again)
    assert scripted_dialogs.history[-1][1] == "Unsaved work"
    assert again.window.screen_for("cases").form.notes.toPlainText() == ""
    v = Vault.open(folder, "coord", PASSPHRASE)
    try:
        assert v.conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
    finally:
        v.close()


def test_a_countdown_warns_in_the_last_minute_before_the_idle_lock(qtbot, make_shell, folder, clock):
    from PySide6.QtCore import Qt

    shell = make_shell(folder)
    unlock(qtbot, shell)
    qtbot.waitUntil(lambda: shell.activity.armed, timeout=5000)
    clock.advance(shell.activity.timeout_s - 90)
    shell.activity.check()
    assert shell.window.statusBar().currentMessage() == ""
    clock.advance(60)
    shell.activity.check()
    assert shell.window.statusBar().currentMessage().startswith("Locking in 30 s")
    qtbot.keyClick(shell.window.nav, Qt.Key.Key_Down)  # the user is back
    shell.activity.check()
    assert shell.window.statusBar().currentMessage() == ""
    assert shell.is_unlocked


def test_outreach_contact_and_new_client_survive_a_lock(
    qtbot, make_shell, tmp_path, sandbox, scripted_dialogs
):
    from datetime import date, timedelta

    from dv_forum.outreach import clients

    vault, _ = Vault.create(tmp_path / "o", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    ann = Vault.open(tmp_path / "o", "ann", PASSPHRASE)
    code = clients.add_client(ann, date.today() - timedelta(days=3))
    ann.close()
    shell = make_shell(tmp_path / "o")
    unlock(qtbot, shell, user="ann")
    shell.window.show_screen("outreach")
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("outreach")
    assert screen.select_client(code)
    screen.contacts.form.c_notes.setPlainText("Spoke about housing " + MARKER)
    screen.contacts.form.c_type.setCurrentIndex(2)
    screen.contacts.form.c_issues["housing"].setChecked(True)
    screen.new_client.n_source.setText("GP surgery")
    expected = (screen.contacts.form.c_type.currentText(), screen.contacts.form.c_next.text())
    shell.lock()
    wait_idle(qtbot, shell)
    assert _files_with_marker(tmp_path, sandbox) == []
    scripted_dialogs.script(True)
    unlock(qtbot, shell, user="ann")
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("outreach")
    assert screen.client_code == code
    assert screen.contacts.form.c_notes.toPlainText() == "Spoke about housing " + MARKER
    assert (screen.contacts.form.c_type.currentText(), screen.contacts.form.c_next.text()) == expected
    assert screen.contacts.form.c_issues["housing"].isChecked()
    assert screen.new_client.n_source.text() == "GP surgery"


def test_new_cohort_form_survives_a_lock(qtbot, make_shell, folder, scripted_dialogs):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("freedom")
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("freedom")
    screen.cohort_form.venue.setText("CV-HALL")
    screen.cohort_form.facilitators.setText("Ann, Bea")
    screen.cohort_form.capacity.setValue(14)
    screen.cohort_form.creche.setChecked(True)
    screen.cohort_form.start.setDate(QDate(2027, 1, 11))
    shell.lock()
    wait_idle(qtbot, shell)
    scripted_dialogs.script(True)
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("freedom")
    got = (
        screen.cohort_form.venue.text(),
        screen.cohort_form.facilitators.text(),
        screen.cohort_form.capacity.value(),
        screen.cohort_form.creche.isChecked(),
    )
    assert got == ("CV-HALL", "Ann, Bea", 14, True)
    assert screen.cohort_form.start.value() == date(2027, 1, 11)


def test_unsaved_minutes_survive_a_lock(qtbot, make_shell, folder, scripted_dialogs):
    from dv_forum.marac import agenda, meetings
    from tests.marac.conftest import insert_referral

    v = Vault.open(folder, "coord", PASSPHRASE)
    m = meetings.add_meeting(v, "2026-03-12")
    rids = [insert_referral(v, f"NWL-2026-000{i}", "2026-03-01") for i in (1, 2)]
    agenda.add_cases(v, m.id, rids)
    v.close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("marac")
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("marac")
    screen.agenda.table.setCurrentCell(1, 0)
    wait_idle(qtbot, shell)
    screen.agenda.minutes.info_edit.setPlainText("Police: two callouts " + MARKER)
    screen.agenda.minutes.summary_edit.setPlainText("Escalating")
    shell.lock()
    wait_idle(qtbot, shell)
    scripted_dialogs.script(True)
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("marac")
    assert screen.agenda.minutes.referral_id == rids[1]
    assert screen.agenda.minutes.info_edit.toPlainText() == "Police: two callouts " + MARKER
    assert screen.agenda.minutes.summary_edit.toPlainText() == "Escalating"
