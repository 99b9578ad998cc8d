"""Settings of the vault itself (declared here, listed by dv_forum.settings.registry)."""

from __future__ import annotations

from dv_forum.settings import Setting

ONE_TIME_DAYS = Setting(
    "session.one_time_days",
    int,
    7,
    "Days a one-time passphrase (a new user's, or after a key rotation) can be used before it expires",
    minimum=1,
    maximum=90,
)
