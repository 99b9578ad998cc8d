"""A synchronous stand-in for the shell's AppContext: runs fn(vault) at once, as the DB worker
would, and calls the callbacks; failures are kept for the test to check (or re-raised)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dv_forum.errors import UserError


class SyncContext:
    def __init__(self, vault: Any) -> None:
        self.vault = vault
        self.user_name = vault.user.name
        self.role = vault.user.role.value
        self.errors: list[BaseException] = []
        self.changes: list[tuple[str, ...]] = []
        self.screens: list[Any] = []

    def run(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        changes: tuple[str, ...] = (),
    ) -> None:
        try:
            result = fn(self.vault)
        except UserError as exc:
            self.errors.append(exc)
            if on_error is not None:
                on_error(exc)
            return
        if on_done is not None:
            on_done(result)
        if changes:
            self.changes.append(changes)
            for screen in self.screens:
                screen.on_changed(changes)

    def run_pool(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        result = fn()
        if on_done is not None:
            on_done(result)
