"""Unsaved input survives a lock: each screen hands over its draft as the vault locks, the draft is
written inside the vault on the database thread just before it closes, and after the next unlock
the same user is asked whether to put it back ("Restore the draft from 14:32?")."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from dv_forum import drafts
from ui import dialogs


def drafts_of(screens: Sequence[Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for screen in screens:
        content = screen.draft()
        if content:
            found[screen.nav_key] = content
    return found


def panels_draft(panels: dict[str, Any]) -> dict[str, Any] | None:
    """A screen's draft from its panels' (each ``draft()`` gives its input, or None)."""
    found = {name: panel.draft() for name, panel in panels.items()}
    return {name: draft for name, draft in found.items() if draft} or None


def restore_panels(panels: dict[str, Any], content: dict[str, Any]) -> None:
    for name, panel in panels.items():
        if content.get(name):
            panel.restore(content[name])


def close_dialogs() -> None:
    """Cancel every open dialog (as Escape would), after the drafts were read from them."""
    for widget in QApplication.topLevelWidgets():
        # Quick exit hides windows first: a hidden dialog still running its loop counts too.
        running = widget.isVisible() or widget.testAttribute(Qt.WidgetAttribute.WA_ShowModal)
        if isinstance(widget, QDialog) and running:
            widget.reject()


def keep_drafts(kept: dict[str, dict[str, Any]]) -> Callable[[Any], None] | None:
    """The job that writes the drafts on the database thread before the vault closes."""
    if not kept:
        return None

    def save(vault: Any) -> None:
        # A draft that cannot be kept (disk full, say) must never stop the vault from locking.
        with contextlib.suppress(Exception):
            drafts.save_drafts(vault, kept)

    return save


def offer_drafts(window: Any, found: list[drafts.Draft]) -> None:
    for draft in found:
        screen = window.screen_for(draft.form)
        if screen is None:
            continue
        window.show_screen(draft.form)
        title = getattr(screen, "title", "form")
        if dialogs.question(
            window,
            "Unsaved work",
            f"Restore the draft from {draft.time_text}? It is what you had typed on {title} "
            "when the vault locked.",
            default_yes=True,
        ):
            screen.restore_draft(draft.content)
