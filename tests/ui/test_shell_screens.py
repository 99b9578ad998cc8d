"""Screen registry, Home, Audit and Settings screens, and their models."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QFrame

from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.main_window import SCREENS, screen_class
from ui.screens.audit import AuditModel
from ui.screens.freedom.models import CohortsModel
from ui.widgets.table_model import SORT_ROLE, DictTableModel, yes_no


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    return tmp_path / "vault"


def test_every_screen_in_the_registry_is_built(qtbot, make_shell, folder):
    # A screen that cannot be loaded is an error, not an empty page that hides a broken install.
    with pytest.raises(ModuleNotFoundError):
        screen_class("ui.screens.no_such_area", "NoScreen")
    with pytest.raises(AttributeError):
        screen_class("ui.screens.home", "NoSuchClass")
    shell = make_shell(folder)
    unlock(qtbot, shell)
    labels = [label for label, *_ in SCREENS]
    assert labels == [
        "Home",
        "Cases",
        "MARAC",
        "Freedom Programme",
        "Outreach",
        "Statistics",
        "Audit",
        "Settings",
        "Exchange",
    ]
    for (label, key, module, name), screen in zip(SCREENS, shell.window.build_all(), strict=True):
        assert screen.nav_key == key
        assert type(screen) is screen_class(module, name)


class PairsModel(DictTableModel):
    COLUMNS = (("A", "a", None), ("B", "b", yes_no))


def sorted_proxy(model: DictTableModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(0)
    return proxy


@pytest.mark.parametrize("model_class", [PairsModel, AuditModel])
def test_dict_table_model_passes_modeltester(qtmodeltester, model_class):
    model = model_class()
    model.set_rows([{"a": 1, "b": "x", "id": 1}, {"a": 2, "b": None, "id": 2, "user": None}])
    qtmodeltester.check(model, force_py=True)
    model.clear()
    qtmodeltester.check(model, force_py=True)


def test_sorted_proxy_passes_modeltester(qtmodeltester):
    model = PairsModel()
    proxy = sorted_proxy(model)
    model.set_rows([{"a": 10, "b": "x"}, {"a": 2, "b": "y"}])
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.index(0, 0).data() == "2"  # numeric sort, not text


def test_audit_cells_have_tooltips_and_blank_text_sorts_first():
    audit = AuditModel()
    proxy = sorted_proxy(audit)
    proxy.sort(2)  # User
    audit.set_rows([{"id": 1, "user": "sam"}, {"id": 2, "user": None}, {"id": 3, "user": "alex"}])
    assert [proxy.index(r, 2).data() for r in range(3)] == ["", "alex", "sam"]
    assert audit.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "sam"
    cohorts = CohortsModel()
    cohorts.set_rows([{"code": "FP-1", "completion_rate": None}])
    assert cohorts.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    rate = cohorts.index(0, 11)
    assert (rate.data(), rate.data(SORT_ROLE)) == ("-", 0)  # a missing rate sorts with the zeros


def test_audit_screen_model_and_verify(qtbot, qtmodeltester, make_shell, folder, scripted_dialogs):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("audit")
    screen = shell.window.screen_for("audit")
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 2, timeout=10000)
    qtmodeltester.check(screen.model, force_py=True)
    scripted_dialogs.script(None)
    screen.verify_button.click()
    qtbot.waitUntil(lambda: "intact" in screen.status.text(), timeout=10000)
    assert scripted_dialogs.history[-1][0] == "info"
    screen.filter.setText("unlock")
    assert 0 < screen.proxy.rowCount() < screen.model.rowCount()


def test_settings_change_passphrase(qtbot, make_shell, folder, scripted_dialogs):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("settings")
    screen = shell.window.screen_for("settings")
    # Too weak first: explained, nothing changed.
    scripted_dialogs.script(PASSPHRASE, "weak", None)
    screen.change_button.click()
    assert scripted_dialogs.history[-1][:2] == ("warning", "Change passphrase")
    scripted_dialogs.script(PASSPHRASE, "a new long passphrase", "a new long passphrase", None)
    screen.change_button.click()
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1][2].startswith("Your passphrase was changed.")
    shell.lock()
    wait_idle(qtbot, shell)
    unlock(qtbot, shell, passphrase="a new long passphrase")


def test_settings_remember_disabled_with_reason_and_users_listed(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    screen = shell.window.screen_for("settings")
    qtbot.waitUntil(lambda: screen.remember_reason.text().startswith("Not available"), timeout=10000)
    assert "no secure system keyring" in screen.remember_reason.text()
    assert not screen.remember.isEnabled()
    qtbot.waitUntil(lambda: screen.users_model.rowCount() == 1, timeout=10000)
    assert screen.vault_settings.editors  # the auto-lock setting at least
    assert "session.auto_lock_minutes" in screen.vault_settings.editors
    assert "screen capture" in screen.capture_note.text()


def test_settings_save_and_backup(qtbot, make_shell, folder, tmp_path, scripted_dialogs):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    screen = shell.window.screen_for("settings")
    qtbot.waitUntil(
        lambda: screen.vault_settings.editors["session.auto_lock_minutes"].value() == 5, timeout=10000
    )
    screen.vault_settings.editors["session.auto_lock_minutes"].setValue(9)
    scripted_dialogs.script(None)
    screen.vault_settings.save_button.click()
    qtbot.waitUntil(lambda: shell.activity.timeout_s == 9 * 60, timeout=10000)
    target = tmp_path / "backup.dvfbak"
    scripted_dialogs.script(str(target), None)
    screen.backup_button.click()
    wait_idle(qtbot, shell)
    assert target.is_file()
    assert scripted_dialogs.history[-1][2] == "The backup was written."


def test_home_shows_next_meeting_and_overdue_actions(qtbot, make_shell, folder):
    vault = Vault.open(folder, "coord", PASSPHRASE)
    vault.conn.execute("INSERT INTO meetings (date, status) VALUES ('2999-01-05', 'scheduled')")
    vault.close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    home = shell.window.screen_for("home")
    qtbot.waitUntil(lambda: home.grid.count() >= 1, timeout=10000)
    texts = [w.text() for w in home.cards.findChildren(type(home.signed_in))]
    assert "Next MARAC meeting" in texts
    assert "Sat 05/01/2999" in texts
    assert not home.empty.isVisibleTo(home)


def test_home_shows_an_outreach_workers_overdue_follow_up_and_opens_outreach(
    qtbot, make_shell, folder, scripted_dialogs
):
    from datetime import date, timedelta

    from PySide6.QtWidgets import QLabel, QPushButton

    from dv_forum.outreach import clients, contacts

    today = date.today()
    coord = Vault.open(folder, "coord", PASSPHRASE)
    coord.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
    coord.conn.execute("UPDATE users SET must_change = 0")
    coord.close()
    ann = Vault.open(folder, "ann", PASSPHRASE)
    mine = clients.add_client(ann, today - timedelta(days=20))
    contacts.record_contact(
        ann,
        mine,
        at=f"{today - timedelta(days=19)} 10:00",
        type="phone",
        safe=True,
        risk_review=True,
        next_contact=today - timedelta(days=2),
    )
    ann.close()
    shell = make_shell(folder)
    unlock(qtbot, shell, user="ann")
    home = shell.window.screen_for("home")
    qtbot.waitUntil(lambda: home.grid.count() >= 1, timeout=10000)
    cards = {c.accessibleName(): c for c in home.cards.findChildren(QFrame) if c.objectName() == "card"}
    assert set(cards) == {"Overdue outreach follow-ups: 1", "Outreach follow-ups due today: 0"}
    shown = " ".join(label.text() for label in home.findChildren(QLabel))
    assert mine not in shown  # counts only
    assert not home.empty.isVisibleTo(home)
    go = cards["Overdue outreach follow-ups: 1"].findChild(QPushButton)
    assert go.accessibleName() == "Open Overdue outreach follow-ups"
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window.current_key() == "outreach", timeout=10000)
    outreach = shell.window.screen_for("outreach")
    assert shell.window.stack.currentWidget() is outreach
    wait_idle(qtbot, shell)
    qtbot.waitUntil(lambda: outreach.due_model.rowCount() == 1, timeout=10000)
    assert outreach.tabs.currentIndex() == 1  # the Due list, which the card counts
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []


def test_worker_reports_errors_on_gui_thread(qtbot, make_shell, folder, scripted_dialogs):
    from dv_forum.errors import UserError

    shell = make_shell(folder)
    unlock(qtbot, shell)
    errors: list[BaseException] = []

    def fail(vault):
        raise UserError("Nope.", "Try again.")

    shell.run(fail, on_error=errors.append)
    wait_idle(qtbot, shell)
    assert isinstance(errors[0], UserError)
    scripted_dialogs.script(None)
    shell.run(fail)  # default: shown through ui.dialogs
    wait_idle(qtbot, shell)
    assert scripted_dialogs.history[-1] == ("warning", "dv-forum", "Nope.")


def test_an_exception_escaping_a_slot_becomes_the_incident_dialog(
    qtbot, scripted_dialogs, monkeypatch, capsys
):
    import sys

    from ui.launch import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    scripted_dialogs.script(None)
    try:
        raise RuntimeError("SECRET-CASE-TEXT")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    kind, _title, text = scripted_dialogs.history[-1]
    assert kind == "error" and "incident" in text
    assert "SECRET-CASE-TEXT" not in text
    assert "SECRET-CASE-TEXT" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("role", "hidden", "shown"),
    [
        ("outreach", {"cases", "marac", "stats", "audit", "exchange"}, {"home", "freedom", "outreach"}),
        ("chair", {"freedom", "outreach", "stats", "audit", "exchange"}, {"home", "cases", "marac"}),
    ],
)
def test_roles_see_only_their_screens_without_errors(
    qtbot, make_shell, folder, scripted_dialogs, role, hidden, shown
):
    from ui.screens.base import NoAccessScreen

    vault = Vault.open(folder, "coord", PASSPHRASE)
    vault.add_user("someone", role, PASSPHRASE, PASSPHRASE)
    vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    shell = make_shell(folder)
    unlock(qtbot, shell, user="someone")
    win = shell.window
    for i, (_label, key, _m, _c) in enumerate(SCREENS):
        assert win.nav.isRowHidden(i) == (key in hidden), key
        assert win.nav_actions[i].isEnabled() == (key not in hidden), key
    for key in hidden:
        assert isinstance(win.screen_for(key), NoAccessScreen)
        assert "ask the DV coordinator" in win.screen_for(key).message.text()
    for key in shown | {"settings"}:
        win.show_screen(key)
        wait_idle(qtbot, shell)
        assert not isinstance(win.screen_for(key), NoAccessScreen)
    # No permission error reached the user while every screen loaded.
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []
    home = win.screen_for("home")
    cards = [w.accessibleName() for w in home.cards.findChildren(QFrame)]
    if role == "outreach":
        assert not any("MARAC" in c for c in cards)


def test_chair_cases_screen_lists_only_heard_cases(qtbot, make_shell, folder, scripted_dialogs):
    from dv_forum.cases import referrals
    from dv_forum.cases.linkage import Identity

    vault = Vault.open(folder, "coord", PASSPHRASE)
    heard = referrals.create(
        vault,
        {"referral_date": "2026-01-05", "heard_date": "2026-01-14"},
        Identity("Smith", "Jane", "1980-03-04"),
    )
    referrals.create(vault, {"referral_date": "2026-01-20"}, Identity("Sharp", "Joan", "1981-05-06"))
    vault.add_user("chair", "chair", PASSPHRASE, PASSPHRASE)
    vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    shell = make_shell(folder)
    unlock(qtbot, shell, user="chair")
    shell.window.show_screen("cases")
    screen = shell.window.screen_for("cases")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=10000)
    assert screen.model.ref_at(0) == heard
    assert screen.tabs.count() == 1  # no referral form or match review for the chair
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []


def test_vault_settings_labels_are_readable(qtbot, make_shell, folder):
    from ui.screens.settings.vault_settings import split_description

    assert split_description("Lock after this many minutes (0 = never)") == (
        "Lock after this many minutes",
        "0 = never",
    )
    # An aside in the middle of a sentence stays in the label.
    text = "Same case means the same 'pair' (victim and perpetrator) or 'victim'."
    assert split_description(text) == (text, "")
    shell = make_shell(folder)
    shell.window.resize(1400, 900)
    unlock(qtbot, shell)
    shell.window.show_screen("settings")
    screen = shell.window.screen_for("settings")
    label = screen.vault_settings.setting_labels["session.auto_lock_minutes"]
    assert label.wordWrap() and label.minimumWidth() >= 280
    assert "(0 = never)" not in label.text()
    assert "0 = never" in screen.vault_settings.editors["session.auto_lock_minutes"].toolTip()
