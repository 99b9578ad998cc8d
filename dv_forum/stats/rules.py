"""The rule settings behind every figure, read once per report and reported with it.

The repeat rules (unit, window, anchor, which MARAC) belong to the cases area's repeat engine; the
statistics only read them so that each figure says which rules produced its repeat flags. The
statistics' own settings are the denominator basis, the display and small-number suppression.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, cast

from dv_forum.errors import UserError
from dv_forum.stats.display import MODES, Display, Mode
from dv_forum.vault.db import Connection

Basis = Literal["heard", "referred"]
BASES: tuple[Basis, ...] = ("heard", "referred")

# Setting keys and defaults (domain.md section 3). The repeat.* keys are the cases area's.
STATS_SETTINGS: dict[str, tuple[Any, str]] = {
    "stats.basis": ("heard", "NI 32 denominator: 'heard' (cases heard at MARAC in the period) or 'referred'"),
    "stats.display": ("decimal", "Rates shown to one decimal ('decimal') or whole: 'round' or 'truncate'"),
    "stats.suppress_small": (True, "Show counts of 1-4 as '<5' in printed and exported outputs"),
    "stats.adult_female_population": (0, "Adult female population of the MARAC area (0 = not set)"),
    "stats.police_agencies": ("Police", "Referring agencies counted as police (comma-separated)"),
}
REPEAT_SETTINGS: dict[str, Any] = {
    "repeat.unit": "pair",
    "repeat.window_months": 12,
    "repeat.anchor": "last_referral",
    "repeat.which_marac": "any",
}


def _raw(conn: Connection, key: str, default: Any) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def write_setting(conn: Connection, key: str, value: Any) -> None:
    """Store one statistics setting (validated) as JSON in the vault's settings table."""
    if key not in STATS_SETTINGS:
        raise UserError(f"'{key}' is not a statistics setting.", "See 'dv-forum stats --help'.")
    default = STATS_SETTINGS[key][0]
    if type(value) is not type(default):
        raise UserError(f"'{key}' needs a {type(default).__name__} value.")
    if key == "stats.basis" and value not in BASES:
        raise UserError("The basis must be 'heard' or 'referred'.")
    if key == "stats.display" and value not in MODES:
        raise UserError("The display must be 'decimal', 'round' or 'truncate'.")
    if key == "stats.adult_female_population" and value < 0:
        raise UserError("The population cannot be negative.")
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


@dataclass(frozen=True)
class Rules:
    basis: Basis = "heard"
    display: Mode = "decimal"
    suppress_small: bool = True
    adult_female_population: int = 0
    police_agencies: tuple[str, ...] = ("police",)
    repeat_unit: str = "pair"
    repeat_window_months: int = 12
    repeat_anchor: str = "last_referral"
    repeat_which_marac: str = "any"
    period: str = "financial year (April-March), quarters Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar"

    def with_basis(self, basis: str | None) -> Rules:
        if basis is None:
            return self
        if basis not in BASES:
            raise UserError(f"'{basis}' is not a basis.", "Use 'heard' or 'referred'.")
        return replace(self, basis=cast(Basis, basis))

    def display_rules(self) -> Display:
        return Display(mode=self.display, suppress=self.suppress_small)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["police_agencies"] = list(self.police_agencies)
        return out

    def summary(self) -> str:
        """One line for printed outputs."""
        basis = "cases heard at MARAC in the period" if self.basis == "heard" else "referrals received"
        return (
            f"Repeat: same {'victim and perpetrator' if self.repeat_unit == 'pair' else 'victim'}, "
            f"within {self.repeat_window_months} months of the last "
            f"{'referral' if self.repeat_anchor == 'last_referral' else 'MARAC hearing'}, "
            f"{'any MARAC' if self.repeat_which_marac == 'any' else 'this MARAC only'}. "
            f"Denominator: {basis}. Rates: "
            f"{ {'decimal': 'one decimal place', 'round': 'whole, rounded', 'truncate': 'whole, truncated'}[self.display]}."
        )


def load_rules(conn: Connection) -> Rules:
    basis = _raw(conn, "stats.basis", "heard")
    display = _raw(conn, "stats.display", "decimal")
    police = str(_raw(conn, "stats.police_agencies", "Police"))
    return Rules(
        basis=basis if basis in BASES else "heard",
        display=display if display in MODES else "decimal",
        suppress_small=bool(_raw(conn, "stats.suppress_small", True)),
        adult_female_population=int(_raw(conn, "stats.adult_female_population", 0) or 0),
        police_agencies=tuple(p.strip().lower() for p in police.split(",") if p.strip()),
        repeat_unit=str(_raw(conn, "repeat.unit", REPEAT_SETTINGS["repeat.unit"])),
        repeat_window_months=int(_raw(conn, "repeat.window_months", 12)),
        repeat_anchor=str(_raw(conn, "repeat.anchor", REPEAT_SETTINGS["repeat.anchor"])),
        repeat_which_marac=str(_raw(conn, "repeat.which_marac", REPEAT_SETTINGS["repeat.which_marac"])),
    )
