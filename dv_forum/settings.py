"""Declarative settings stored inside the vault (they may describe local policy, so stay encrypted).

Each area declares its own settings next to the code that uses them:

    WINDOW = Setting("repeat.window_months", int, 12, "Months within which a referral is a repeat")
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from dv_forum.errors import UserError

T = TypeVar("T")

REGISTRY: dict[str, Setting[Any]] = {}
# Functions run after a setting changes, e.g. the repeat engine recomputing flags under new rules.
_ON_CHANGE: dict[str, list[Callable[[Any], object]]] = {}


def on_change(key: str, fn: Callable[[Any], object]) -> None:
    """Call ``fn(conn)`` (inside the same transaction) whenever setting ``key`` is changed."""
    _ON_CHANGE.setdefault(key, []).append(fn)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T
    description: str
    choices: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        REGISTRY[self.key] = self

    def coerce(self, value: Any) -> T:
        try:
            if self.type is bool and isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in {"true", "false", "yes", "no", "on", "off", "1", "0"}:
                    raise ValueError(value)
                out: Any = lowered in {"true", "yes", "on", "1"}
            else:
                out = self.type(value)
        except (TypeError, ValueError):
            raise UserError(
                f"Setting {self.key} must be a {self.type.__name__}.", f"Default: {self.default!r}."
            ) from None
        if self.choices and out not in self.choices:
            raise UserError(
                f"Setting {self.key} must be one of {', '.join(map(str, self.choices))}.",
                f"Default: {self.default!r}.",
            )
        return out  # type: ignore[no-any-return]


def get_setting(conn: Any, setting: Setting[T]) -> T:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (setting.key,)).fetchone()
    if row is None:
        return setting.default
    try:
        return setting.coerce(json.loads(row[0]))
    except (UserError, ValueError):
        return setting.default


def set_setting(conn: Any, setting: Setting[T], value: Any) -> T:
    coerced = setting.coerce(value)
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (setting.key, json.dumps(coerced)),
    )
    for fn in _ON_CHANGE.get(setting.key, ()):
        fn(conn)
    return coerced


def all_settings(conn: Any) -> dict[str, Any]:
    return {key: get_setting(conn, s) for key, s in sorted(REGISTRY.items())}
