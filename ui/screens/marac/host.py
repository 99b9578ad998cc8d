"""What the MARAC screen's panels ask of the screen holding them: the context, the meeting being
shown and whether it may be changed. Each panel owns its widgets and what it shows."""

from __future__ import annotations

from typing import Any, Protocol


class MeetingHost(Protocol):
    ctx: Any

    @property
    def meeting_id(self) -> int | None: ...

    def can_edit(self) -> bool:
        """The signed-in role may change meetings (the coordinator; the chair reads and prints)."""
        ...

    def locked(self) -> bool:
        """The meeting's minutes are approved: nothing about it changes any more."""
        ...

    def edit_note(self) -> str:
        """Why the meeting cannot be changed ("" when it can)."""
        ...

    def reload_meeting(self) -> None: ...
