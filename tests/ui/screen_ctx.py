"""The one test stand-in for the shell's AppContext: runs fn(vault) at once, as the DB worker
would, with the worker's rules (a database failure the user can act on arrives as its UserError;
a Changed result adds its areas; every screen in ``screens`` is told what changed). User errors
are kept in ``errors`` for the test to check; anything else is a bug and is raised."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dv_forum.areas import Area, Changed, areas
from dv_forum.errors import UserError, as_user_error


class SyncContext:
    def __init__(self, vault: Any, user_name: str | None = None, role: str | None = None) -> None:
        self.vault = vault
        self.user_name = user_name or vault.user.name
        self.role = role or vault.user.role.value
        self.kind = "coordinator"
        self.errors: list[UserError] = []
        self.changes: list[frozenset[Area]] = []
        self.screens: list[Any] = []
        self.capture_note = ""

    def run(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        changes: Iterable[Area] = (),
    ) -> None:
        try:
            result = fn(self.vault)
        except Exception as exc:  # noqa: BLE001 - sorted as the worker sorts it
            error = as_user_error(exc)
            if not isinstance(error, UserError):
                raise
            self.errors.append(error)
            if on_error is not None:
                on_error(error)
            return
        changed = areas(changes)
        if isinstance(result, Changed):
            changed |= result.areas
        if on_done is not None:
            on_done(result)
        if changed:
            self.changes.append(changed)
            for screen in self.screens:
                screen.on_changed(changed)

    def run_pool(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        result = fn()
        if on_done is not None:
            on_done(result)

    def copy_secret(self, text: str) -> None:
        self.copied = text

    def navigate(self, nav_key: str, view: str = "") -> None:
        self.navigated = nav_key
        self.navigated_view = view
