"""What the unlock form can fill in before anything is typed, from the vault header alone (it is
not encrypted, and holds key slots, not names): whether one user alone unlocks it, and
the remembered-key button when this device remembers one."""

from __future__ import annotations

from pathlib import Path

from dv_forum.vault import Vault
from ui.unlock.panel import UnlockPanel


def prefill_user(panel: UnlockPanel, folder: Path) -> None:
    if panel.user.text() or not Vault.exists(folder):
        return
    try:
        from dv_forum.vault.header import Header

        header = Header.load(folder)
    except Exception:  # noqa: BLE001 - a damaged header is reported when unlocking
        return
    users = header.users()  # plain names only in a header from before names were hidden
    if len(users) == 1 and header.sole_user():
        panel.user.setText(users[0])
    panel.set_sole_user(header.sole_user())
    panel.set_remembered_available(any(s.kind == "keyring" for s in header.slots))
