"""The Exchange screen on real vaults: devices, enrolling, conflicts resolved from the keyboard,
and the exchange folder received from by itself."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from dv_forum.exchange import devices, journal, service
from dv_forum.vault import Vault
from tests.exchange.vault_pairs import PASSPHRASE, change, conflict_between, coordinator, joined
from tests.ui.shell_helpers import unlock, wait_idle


def _cells(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _open_exchange(qtbot, make_shell, folder: Path, user: str = "coord"):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell, user=user)
    shell.window.show_screen("exchange")
    screen = shell.window.screen_for("exchange")
    wait_idle(qtbot, shell)
    return shell, screen


def test_the_screen_lists_devices_with_their_fingerprint_words(qtbot, make_shell, tmp_path):
    coord = coordinator(tmp_path / "coord")
    joined(coord, tmp_path / "ann")
    v = Vault.open(coord, "coord", PASSPHRASE)
    words = devices.get(v.conn, "ann").words  # type: ignore[union-attr]
    v.close()
    shell, screen = _open_exchange(qtbot, make_shell, coord)
    assert shell.window.stack.currentWidget() is screen
    assert _cells(screen.devices.model) == [["ann", "outreach", words, "never", "active"]]
    assert "This vault is the device 'coord' (coordinator)" in screen.devices.me.text()


def test_enrolling_from_the_screen_writes_a_file_that_join_accepts(
    qtbot, make_shell, tmp_path, scripted_dialogs, cli
):
    coord = coordinator(tmp_path / "vault")
    shell, screen = _open_exchange(qtbot, make_shell, coord)
    target = tmp_path / "bea.dve"
    scripted_dialogs.script({"name": "bea", "role": "outreach", "file": target}, None)
    screen.devices.enrol_button.click()
    qtbot.waitUntil(lambda: any(h[1] == "Device enrolled" for h in scripted_dialogs.history), timeout=10000)
    shown = next(h[2] for h in scripted_dialogs.history if h[1] == "Device enrolled")
    code = re.search(r"\n\n([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\n\n", shown).group(1)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: screen.devices.model.rowCount() == 1, timeout=10000)
    assert _cells(screen.devices.model)[0][:2] == ["bea", "outreach"]
    shell.lock()
    env = {"DV_FORUM_VAULT": str(tmp_path / "bea"), "DV_FORUM_ENROL_CODE": code}
    status, out, err = cli("join", str(target), env=env)
    assert status == 0, err
    assert "Created the outreach vault of 'bea'" in out


def test_a_conflict_shows_both_values_and_the_keyboard_resolves_it(qtbot, make_shell, tmp_path):
    coord, _ann = conflict_between(tmp_path)
    shell, screen = _open_exchange(qtbot, make_shell, coord)
    panel = screen.conflicts
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
    assert screen.tabs.tabText(2) == "&Conflicts (1)"
    screen.tabs.setCurrentWidget(panel)
    assert (panel.ours_value.text(), panel.theirs_value.text()) == ("East", "West")
    assert panel.ours_who.text().startswith("Set by coord on ")
    assert panel.theirs_who.text().startswith("Set by ann on ")
    assert panel.theirs_box.title() == "Theirs (received from ann)"
    row = _cells(panel.model)[0]
    assert row[:3] == ["client:1", "locality", "East"] and row[4] == "West"
    assert row[3].startswith("coord, ") and row[5].startswith("ann, ")
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10000)
    assert panel.empty.isVisibleTo(panel)
    assert screen.tabs.tabText(2) == "&Conflicts"
    assert "Kept theirs for client:1 locality: West" in screen.status.text()
    shell.lock()
    wait_idle(qtbot, shell)
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        assert journal.values(v.conn, "client:1")["locality"] == "West"
        assert service.open_conflicts(v) == []
        # Audited as the CLI audits it: who, the conflict's number and the side kept, no values.
        last = v.conn.execute(
            "SELECT user, action, detail FROM audit WHERE action LIKE 'exchange.%' ORDER BY id DESC"
        ).fetchone()
        assert tuple(last) == ("coord", "exchange.resolve", "theirs")
    finally:
        v.close()


def test_a_bundle_dropped_in_the_exchange_folder_is_received_by_itself(qtbot, make_shell, tmp_path):
    coord = coordinator(tmp_path / "coord")
    ann = joined(coord, tmp_path / "ann")
    box = tmp_path / "box"
    box.mkdir()
    shell, screen = _open_exchange(qtbot, make_shell, ann, user="ann")
    screen.tabs.setCurrentWidget(screen.transfer)
    from ui import dialogs

    dialogs.script(box)
    screen.transfer.choose_button.click()
    qtbot.waitUntil(lambda: screen.watch.watching, timeout=10000)
    assert screen.transfer.folder_edit.text() == str(box)
    assert "Watching this folder" in screen.transfer.watch_note.text()
    change(coord, "coord", "client:1", {"locality": "North"})
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        service.send(v, "ann", box)
    finally:
        v.close()
    qtbot.waitUntil(lambda: "Exchange folder: Received 1 bundle" in screen.status.text(), timeout=10000)
    assert "applied 1" in screen.status.text()
    assert screen.transfer.count_labels["applied"].text() == "1"
    assert "applied 1" in shell.window.statusBar().currentMessage()


def _unnamed(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Input controls with neither an accessible name nor a label naming them."""
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QLineEdit, QPushButton

    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for w in (
        root.findChildren(QLineEdit) + root.findChildren(QComboBox) + root.findChildren(QAbstractItemView)
    ):
        if isinstance(w, QHeaderView) or isinstance(w.parent().parent(), QComboBox):
            continue  # a table's header, a combo box's own popup list
        if not w.accessibleName() and id(w) not in buddies:
            missing.append(f"{type(w).__name__} {w.objectName()}")
    missing += [
        f"button {b!r}" for b in root.findChildren(QPushButton) if not (b.text() or b.accessibleName())
    ]
    return missing


def test_every_control_is_named_and_revoking_asks_first(qtbot, make_shell, tmp_path, scripted_dialogs):
    from ui.screens.exchange.enrol_dialog import EnrolDialog

    coord = coordinator(tmp_path / "coord")
    joined(coord, tmp_path / "ann")
    shell, screen = _open_exchange(qtbot, make_shell, coord)
    qtbot.waitUntil(lambda: screen.devices.model.rowCount() == 1, timeout=10000)
    assert _unnamed(screen) == []
    dialog = EnrolDialog(screen, tmp_path)
    assert _unnamed(dialog) == []
    dialog.deleteLater()
    scripted_dialogs.script(False)
    screen.devices.revoke_button.click()
    assert scripted_dialogs.history[-1][:2] == ("question", "Revoke a device")
    wait_idle(qtbot, shell)
    assert _cells(screen.devices.model)[0][4] == "active"  # No: nothing changed
    scripted_dialogs.script(True)
    screen.devices.revoke_button.click()
    qtbot.waitUntil(lambda: _cells(screen.devices.model)[0][4] == "revoked", timeout=10000)
    assert not screen.devices.revoke_button.isEnabled()
    assert screen.status.text() == "Revoked ann: its bundles are refused from now on."
    assert screen.transfer.recipient.count() == 0 and not screen.transfer.send_button.isEnabled()


def test_receiving_a_file_shows_what_was_applied_then_duplicates(
    qtbot, make_shell, tmp_path, scripted_dialogs
):
    coord = coordinator(tmp_path / "coord")
    ann = joined(coord, tmp_path / "ann")
    change(coord, "coord", "client:1", {"locality": "North"})
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        bundle = service.send(v, "ann", tmp_path / "stick")
    finally:
        v.close()
    shell, screen = _open_exchange(qtbot, make_shell, ann, user="ann")
    panel = screen.transfer
    assert not panel.receive_button.isEnabled()  # no exchange folder yet
    counts = {k: panel.count_labels[k] for k in ("applied", "duplicates", "held", "conflicts")}
    scripted_dialogs.script(bundle)
    panel.receive_file_button.click()
    qtbot.waitUntil(lambda: counts["applied"].text() == "1", timeout=10000)
    assert [counts[k].text() for k in ("duplicates", "held", "conflicts")] == ["0", "0", "0"]
    assert panel.count_cards["applied"].accessibleName() == "Applied: 1"
    scripted_dialogs.script(tmp_path / "stick")
    panel.receive_from_button.click()
    qtbot.waitUntil(lambda: counts["duplicates"].text() == "1", timeout=10000)
    assert counts["applied"].text() == "0"
    assert (
        panel.log.item(0).text().endswith("Received 1 bundle: applied 0, duplicates 1, held 0, conflicts 0.")
    )
    assert _cells(screen.devices.model)[0][3] != "never"  # the coordinator's last exchange
