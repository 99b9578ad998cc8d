"""Screenshots of the Exchange screen on synthetic vaults (a coordinator's, an outreach worker's and
the chair's), at 1366x768: xvfb-run -s "-screen 0 1366x768x24" python tools/exchange_screenshots.py
docs/screenshots (or with QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

from capture import output_folder, pump, scratch_folder, shoot_window, styled_app, wait

from dv_forum.exchange import service
from dv_forum.settings import change_settings
from dv_forum.vault import Vault
from tests.exchange.vaults import PASSPHRASE, carry, change, coordinator, joined
from ui import app as app_module

# Synthetic records only: outreach client codes and the fields both sides changed.
EDITS = (
    ("client:OUT-2026-014", {"next_contact": "2026-12-08", "safe_to_call": "mornings"}),
    ("client:OUT-2026-022", {"locality": "Northfield"}),
)
OURS = (
    ("client:OUT-2026-014", {"next_contact": "2026-12-10", "safe_to_call": "not after 5pm"}),
    ("client:OUT-2026-022", {"locality": "Harbour ward"}),
)
THEIRS = (
    ("client:OUT-2026-014", {"next_contact": "2026-12-09", "safe_to_call": "text first"}),
    ("client:OUT-2026-022", {"locality": "Westbrook"}),
)


def _vaults(tmp):  # type: ignore[no-untyped-def]
    coord = coordinator(tmp / "coord", "sam")
    ann = joined(coord, tmp / "ann", "ann", "outreach", coord_user="sam")
    joined(coord, tmp / "bea", "bea", "outreach", coord_user="sam")
    joined(coord, tmp / "chair", "chair", "chair", coord_user="sam")
    for record, values in EDITS:
        change(coord, "sam", record, values)
    carry(coord, "sam", "ann", tmp / "down", ann, "ann")
    for record, values in THEIRS:
        change(ann, "ann", record, values)
    for record, values in OURS:
        change(coord, "sam", record, values)
    v = Vault.open(coord, "sam", PASSPHRASE)
    try:
        service.revoke_device(v, "bea")
    finally:
        v.close()
    return coord, ann


def main() -> None:
    out = output_folder()
    _app = styled_app()
    with scratch_folder("dvf-exchange-shots-") as tmp:
        coord, ann = _vaults(tmp)
        box = tmp / "Exchange"
        box.mkdir()
        v = Vault.open(ann, "ann", PASSPHRASE)
        try:
            service.send(v, None, box)
            v.close()
            v = Vault.open(coord, "sam", PASSPHRASE)
            change_settings(v, {"exchange.folder": str(box)})
        finally:
            v.close()
        shell = app_module.Shell(coord, exit_app=lambda: None)
        shell.start()
        shell.window.resize(1366, 768)
        shell.window.move(0, 0)
        shell.window.unlock.user.setText("sam")
        shell.window.unlock.passphrase.setText(PASSPHRASE)
        shell.window.unlock.unlock_button.click()
        wait(lambda: shell.is_unlocked and not shell.worker.busy)
        shell.window.show_screen("exchange")
        screen = shell.window.screen_for("exchange")
        wait(lambda: screen.conflicts.model.rowCount() == 3)
        shoot_window(shell, out / "exchange-devices.png")
        screen.tabs.setCurrentWidget(screen.transfer)
        shoot_window(shell, out / "exchange-send-receive.png")
        screen.tabs.setCurrentWidget(screen.conflicts)
        screen.conflicts.view.setFocus()
        pump()
        shoot_window(shell, out / "exchange-conflicts.png")
        shell.shutdown()
        pump()
        # The outreach worker's own vault: only her screens.
        mine = app_module.Shell(ann, exit_app=lambda: None)
        mine.start()
        mine.window.resize(1366, 768)
        mine.window.unlock.user.setText("ann")
        mine.window.unlock.passphrase.setText(PASSPHRASE)
        mine.window.unlock.unlock_button.click()
        wait(lambda: mine.is_unlocked and not mine.worker.busy)
        mine.window.show_screen("exchange")
        shoot_window(mine, out / "exchange-outreach-vault.png")
        mine.shutdown()


if __name__ == "__main__":
    main()
