"""Vault settings, declared once and listed, checked, changed and documented the same way
everywhere (the CLI's ``settings`` commands, the desktop Settings screen, docs/settings.md).

They are stored inside the vault, encrypted, because they may describe local policy. Each area
declares its own next to the code that uses them, in ``dv_forum/<area>/settings.py``:

    WINDOW = Setting("repeat.window_months", int, 12, "Months within which a referral is a repeat")

Every such module is found by ``registry()``; nothing else needs to be edited.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dv_forum.areas import Area, Changed
from dv_forum.errors import UserError
from dv_forum.vault.roles import Perm

if TYPE_CHECKING:
    from dv_forum.vault import Vault

T = TypeVar("T")

REGISTRY: dict[str, Setting[Any]] = {}
# Functions run after a setting changes, e.g. the repeat engine recomputing flags under new rules.
_ON_CHANGE: dict[str, list[Callable[[Any], object]]] = {}

# Modules that declare settings outside an area's settings.py (these predate the rule).
_ALSO_DECLARED_IN = ("dv_forum.session", "dv_forum.cases.retention")

# The area a setting touches, from its key's first part, unless the declaration names one.
_AREA_OF_PREFIX = {
    "cases": Area.CASES,
    "escalation": Area.CASES,
    "repeat": Area.CASES,
    "retention": Area.CASES,
    "transfer": Area.CASES,
    "idva": Area.STATS,
    "marac": Area.MARAC,
    "freedom": Area.FREEDOM,
    "outreach": Area.OUTREACH,
    "stats": Area.STATS,
    "session": Area.SESSION,
    "exchange": Area.EXCHANGE,
}
_INT_LIMIT = 2**31 - 1  # what a spin box can show


def on_change(key: str, fn: Callable[[Any], object]) -> None:
    """Call ``fn(conn)`` (inside the same transaction) whenever setting ``key`` is changed."""
    _ON_CHANGE.setdefault(key, []).append(fn)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key, type, default, a description a user understands, the allowed choices
    or range, who may change it (``perm``) and which area of the program it changes (``area``)."""

    key: str
    type: type
    default: T
    description: str
    choices: tuple[Any, ...] = ()
    minimum: int | None = field(default=None, kw_only=True)
    maximum: int | None = field(default=None, kw_only=True)
    area: Area | None = field(default=None, kw_only=True)
    perm: Perm = field(default=Perm.EDIT_SETTINGS, kw_only=True)
    # A text setting's shape, as (regular expression, the same in words).
    pattern: tuple[str, str] | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if self.area is None:
            prefix = self.key.split(".", 1)[0]
            if prefix not in _AREA_OF_PREFIX:
                raise ValueError(f"setting {self.key}: name its area=Area.... (unknown prefix)")
            object.__setattr__(self, "area", _AREA_OF_PREFIX[prefix])
        if self.type in (int, float) and self.maximum is None:
            # An unbounded number (2**31 days) is accepted and then breaks the screens using it.
            raise ValueError(f"setting {self.key}: a number needs maximum=...")
        if REGISTRY.get(self.key, self) != self:
            raise ValueError(f"setting {self.key} is declared twice")
        REGISTRY[self.key] = self

    @property
    def bounds(self) -> tuple[int, int]:
        """The lowest and highest value of a whole-number setting (none of ours is negative)."""
        low = 0 if self.minimum is None else self.minimum
        return low, _INT_LIMIT if self.maximum is None else self.maximum

    @property
    def allowed(self) -> str:
        """The values allowed, in words, for help texts and docs."""
        if self.choices:
            return "one of " + ", ".join(map(str, self.choices))
        if self.pattern is not None:
            return self.pattern[1]
        if self.type is bool:
            return "yes or no"
        if self.type in (int, float):
            low, high = self.bounds
            kind = "a whole number" if self.type is int else "a number"
            return f"{kind} from {low}" + ("" if high == _INT_LIMIT else f" to {high}")
        return "text"

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
            raise self._refused() from None
        if self.choices and out not in self.choices:
            raise self._refused()
        if self.pattern is not None and not re.fullmatch(self.pattern[0], str(out)):
            raise self._refused()
        if self.type in (int, float) and not self.bounds[0] <= out <= self.bounds[1]:
            raise self._refused()
        return out  # type: ignore[no-any-return]

    def _refused(self) -> UserError:
        return UserError(f"Setting {self.key} must be {self.allowed}.", f"Default: {self.default!r}.")


def registry() -> dict[str, Setting[Any]]:
    """Every declared setting by key: imports each ``dv_forum/<area>/settings.py`` (an import
    error there is a bug and is raised, never skipped)."""
    import dv_forum

    for info in pkgutil.iter_modules(dv_forum.__path__):
        name = f"dv_forum.{info.name}.settings"
        if info.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    for name in _ALSO_DECLARED_IN:
        importlib.import_module(name)
    return dict(sorted(REGISTRY.items()))


def setting(key: str) -> Setting[Any]:
    """The setting called ``key``, or a UserError naming where to find the list."""
    found = registry().get(key)
    if found is None:
        raise UserError(
            f"There is no setting called {key}.", "See 'dv-forum settings list' for the settings there are."
        )
    return found


def get_setting(conn: Any, setting: Setting[T]) -> T:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (setting.key,)).fetchone()
    if row is None:
        return setting.default
    try:
        return setting.coerce(json.loads(row[0]))
    except (UserError, ValueError):
        return setting.default


def set_setting(conn: Any, setting: Setting[T], value: Any) -> T:
    """Store one value (no permission check or audit: use change_settings for a user's change)."""
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
    return {key: get_setting(conn, s) for key, s in registry().items()}


def change_settings(vault: Vault, values: Mapping[str, Any]) -> Changed[dict[str, Any]]:
    """A user's change of settings, from the CLI or the Settings screen: every value is checked
    before any is stored (all or nothing), each changed key is audited (its name, not its value),
    and the areas they touch are returned. Values equal to the current ones are left alone."""
    chosen = {key: setting(key) for key in values}
    for s in chosen.values():
        vault.require(s.perm)
    coerced = {key: chosen[key].coerce(value) for key, value in values.items()}
    touched: set[Area] = set()
    with vault.transaction():
        for key, value in coerced.items():
            s = chosen[key]
            if get_setting(vault.conn, s) == value:
                continue
            set_setting(vault.conn, s, value)
            vault.audit("settings.change", detail=key)
            touched |= {Area.SETTINGS, s.area or Area.SETTINGS}
    return Changed(coerced, frozenset(touched))
