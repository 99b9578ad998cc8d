"""The vault's kind decides the screens: an outreach worker's or a chair's own vault holds no
referrals, so it has no Cases, Statistics or Audit, whatever the role could do in a shared vault."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.exchange.vault_pairs import coordinator, joined
from tests.ui.shell_helpers import unlock, wait_idle
from ui.screens.base import NoAccessScreen


def _navigation(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.nav.item(i).text() for i in range(window.nav.count()) if not window.nav.isRowHidden(i)]


def _go_menu(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text().replace("&", "") for a in window.nav_actions if a.isVisible() and a.isEnabled()]


def test_an_outreach_workers_vault_opens_with_only_her_screens(qtbot, make_shell, tmp_path, scripted_dialogs):
    coord = coordinator(tmp_path / "coord")
    ann = joined(coord, tmp_path / "ann", "ann", "outreach")
    shell = make_shell(ann)
    unlock(qtbot, shell, user="ann")
    win = shell.window
    assert _navigation(win) == ["Home", "Freedom Programme", "Outreach", "Settings", "Exchange"]
    assert _go_menu(win) == _navigation(win)
    assert "Cases" not in _navigation(win) and "Statistics" not in _navigation(win)
    assert win.user_label.text() == "ann · outreach · own vault"
    assert isinstance(win.screen_for("cases"), NoAccessScreen)
    assert "not kept in an outreach worker's vault" in win.screen_for("cases").message.text()
    for key in ("home", "freedom", "outreach", "exchange", "settings"):
        win.show_screen(key)
        wait_idle(qtbot, shell)
        assert win.stack.currentWidget() is win.screen_for(key)
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []


def test_a_chair_vault_has_marac_and_exchange_but_not_cases(qtbot, make_shell, tmp_path, scripted_dialogs):
    coord = coordinator(tmp_path / "coord")
    chair = joined(coord, tmp_path / "chair", "chair", "chair")
    shell = make_shell(chair)
    unlock(qtbot, shell, user="chair")
    win = shell.window
    assert _navigation(win) == ["MARAC", "Settings", "Exchange"]
    assert win.stack.currentWidget() is win.screen_for("marac")  # opens on its first screen
    assert isinstance(win.screen_for("cases"), NoAccessScreen)
    assert not isinstance(win.screen_for("marac"), NoAccessScreen)
    win.show_screen("exchange")
    wait_idle(qtbot, shell)
    exchange = win.screen_for("exchange")
    assert win.stack.currentWidget() is exchange
    assert not exchange.devices.enrol_button.isVisibleTo(exchange)  # only a coordinator enrols
    assert exchange.devices.model.rowCount() == 1  # the coordinator it was enrolled by
    QApplication.processEvents()
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []


def test_a_coordinators_vault_keeps_every_screen(qtbot, make_shell, tmp_path):
    coord = coordinator(tmp_path / "coord")
    shell = make_shell(coord)
    unlock(qtbot, shell)
    assert _navigation(shell.window) == [
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


def test_a_chairs_marac_screen_shows_what_was_sent_and_acknowledges_it(
    qtbot, make_shell, tmp_path, scripted_dialogs
):
    from dv_forum.marac import agenda, meetings
    from dv_forum.vault import Vault
    from tests.exchange.vault_pairs import PASSPHRASE, carry
    from tests.marac.conftest import insert_referral
    from ui.screens.received import ReceivedScreen

    coord = coordinator(tmp_path / "coord")
    chair = joined(coord, tmp_path / "chair", "chair", "chair")
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        rid = insert_referral(v, "NWL-2026-0007", "2026-01-10")
        m = meetings.add_meeting(v, "2026-02-04", venue="V1", chair="DI Jones")
        agenda.add_cases(v, m.id, [rid])
        agenda.set_summary(v, m.id, rid, "Summary for the chair.")
    finally:
        v.close()
    carry(coord, "coord", "chair", tmp_path / "box", chair, "chair")
    shell = make_shell(chair)
    unlock(qtbot, shell, user="chair")
    screen = shell.window.screen_for("marac")
    assert isinstance(screen, ReceivedScreen)
    qtbot.waitUntil(lambda: screen.agenda_table.rowCount() == 1, timeout=10000)
    assert screen.agenda_table.item(0, 1).text() == "NWL-2026-0007"
    assert screen.agenda_table.item(0, 8).text() == "Summary for the chair."
    screen.ack_button.click()
    qtbot.waitUntil(lambda: screen.meetings.item(0).text().endswith("\nacknowledged"), timeout=10000)
    assert [h for h in scripted_dialogs.history if h[0] in ("error", "warning")] == []
