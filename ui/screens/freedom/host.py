"""What the Freedom Programme screen's panels ask of the screen holding them."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QLabel


class FreedomHost(Protocol):
    ctx: Any
    status: QLabel
    can_edit: bool
    can_mark: bool

    def done(self, text: str) -> None:
        """Say what was done, on the status line."""
        ...

    def failed(self, exc: BaseException) -> None:
        """Say why something could not be saved, on the status line."""
        ...
