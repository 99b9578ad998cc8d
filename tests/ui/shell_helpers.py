"""Helpers for the shell tests (imported by name: tests/ui is on sys.path)."""

from __future__ import annotations

from typing import Any

from dv_forum.vault import KdfParams

PASSPHRASE = "correct horse battery staple"
FLOOR_KDF = KdfParams()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def unlock(qtbot: Any, shell: Any, user: str = "coord", passphrase: str = PASSPHRASE) -> None:
    panel = shell.window.unlock
    panel.user.setText(user)
    panel.passphrase.setText(passphrase)
    with qtbot.waitSignal(shell.unlocked, timeout=20000):
        panel.unlock_button.click()
    qtbot.waitUntil(lambda: not shell.worker.busy, timeout=10000)


def wait_idle(qtbot: Any, shell: Any) -> None:
    qtbot.waitUntil(lambda: not shell.worker.busy, timeout=10000)
