"""The Outreach screen's two forms (a contact, a new client) as a draft kept through a lock."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ui.widgets import form_state


def contact_widgets(screen: Any) -> dict[str, QWidget]:
    names = "at type safe duration review dash incident plan onward next_set next notes".split()
    found: dict[str, QWidget] = {n: getattr(screen, f"c_{n}") for n in names}
    found.update({f"issue:{k}": b for k, b in screen.c_issues.items()})
    found.update({f"barrier:{k}": b for k, b in screen.c_barriers.items()})
    return found


def client_widgets(screen: Any) -> dict[str, QWidget]:
    names = "referred source locality method times case worker".split()
    found: dict[str, QWidget] = {n: getattr(screen, f"n_{n}") for n in names}
    found.update({f"barrier:{k}": b for k, b in screen.n_barriers.items()})
    return found


def draft(screen: Any) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    contact = contact_widgets(screen)
    if screen.client_code and (screen.contact_watch.is_dirty() or screen.editing is not None):
        out["contact"] = {"client": screen.client_code, "values": form_state.values(contact)}
    if screen.client_watch.is_dirty():
        out["client"] = form_state.values(client_widgets(screen))
    return out or None


def restore(screen: Any, content: dict[str, Any]) -> None:
    contact = content.get("contact")
    if contact and screen.select_client(contact["client"]):
        form_state.apply(contact_widgets(screen), contact["values"])
    if content.get("client"):
        form_state.apply(client_widgets(screen), content["client"])
    screen.contact_watch.refresh()
    screen.client_watch.refresh()
