"""Local choices for the Freedom Programme, stored in the vault."""

from __future__ import annotations

from dv_forum.settings import Setting

COMPLETION_SESSIONS: Setting[int] = Setting(
    "freedom.completion_sessions",
    int,
    9,
    "Sessions a participant must attend to complete the programme (capped at the cohort's session "
    "count); sessions caught up in a later cohort count",
    maximum=20,
)
DEFAULT_CAPACITY: Setting[int] = Setting(
    "freedom.default_capacity", int, 20, "Places in a new Freedom Programme cohort", maximum=60
)
