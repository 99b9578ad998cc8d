"""What an operation changed, so each screen of a front end knows whether to reload.

A core operation returns ``Changed(value, areas)`` when what it touches depends on its input (a
setting change touches the area the setting belongs to); otherwise the caller declares the areas
when it submits the operation. Screens name the areas they reload on. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(StrEnum):
    CASES = "cases"
    MARAC = "marac"
    FREEDOM = "freedom"
    OUTREACH = "outreach"
    STATS = "stats"
    SETTINGS = "settings"  # any vault setting: rules that screens show or apply
    SESSION = "session"  # the desktop session: auto-lock
    USERS = "users"
    KEYRING = "keyring"
    AUDIT = "audit"
    EXCHANGE = "exchange"  # devices, bundles sent and received, conflicts


def areas(names: Iterable[Area | str]) -> frozenset[Area]:
    """Areas from enum members or their names; an unknown name is a bug (a typo would leave a
    screen stale without a word), so it raises ValueError."""
    return frozenset(Area(name) for name in names)


@dataclass(frozen=True)
class Changed(Generic[T]):
    """An operation's result together with the areas it changed."""

    value: T
    areas: frozenset[Area]
