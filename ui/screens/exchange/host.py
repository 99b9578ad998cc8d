"""What the Exchange screen's panels ask of the screen holding them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class ExchangeHost(Protocol):
    ctx: Any

    def folder(self) -> Path | None:
        """The exchange folder setting (None when not set)."""
        ...

    def say(self, text: str, ok: bool = True) -> None:
        """One line under the tabs (and in the window's status bar)."""
        ...

    def reload(self) -> None: ...
