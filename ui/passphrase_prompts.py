"""Asking for a passphrase the user chooses, checked against the policy before anything is done."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dv_forum.vault import policy
from ui import dialogs

TITLE = "Choose your own passphrase"


def ask_own_passphrase(parent: QWidget) -> str | None:
    """After a one-time passphrase: ask until a passphrase passes the policy; None if cancelled."""
    while True:
        new = dialogs.ask_text(
            parent,
            TITLE,
            "You were given a one-time passphrase. Choose your own (at least 10 characters):",
            secret=True,
        )
        if not new:
            return None
        problems = policy.problems(new)
        if not problems:
            return new
        dialogs.warning(parent, TITLE, "That passphrase is too weak.", "; ".join(problems) + ".")
