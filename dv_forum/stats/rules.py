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
from dv_forum.settings import get_setting
from dv_forum.stats import settings as S
from dv_forum.stats.display import Display, Mode
from dv_forum.vault.db import Connection

Basis = Literal["heard", "referred"]
BASES: tuple[Basis, ...] = ("heard", "referred")

# The cases area's repeat-rule settings, read by key so the statistics need not import that area.
REPEAT_DEFAULTS: dict[str, Any] = {
    "repeat.unit": "pair",
    "repeat.window_months": 12,
    "repeat.anchor": "referral",
    "repeat.which_marac": "any",
}


def _raw(conn: Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return REPEAT_DEFAULTS[key]
    try:
        return json.loads(row[0])
    except ValueError:
        return REPEAT_DEFAULTS[key]


# SafeLives' referring-agency categories for the return, in its order.
CATEGORIES = (
    "Police",
    "IDVA",
    "Health",
    "Children's social care",
    "Adult social care",
    "Housing",
    "Probation",
    "Voluntary sector",
    "Other",
)


def parse_agency_categories(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """'Local name=Category; ...' -> ((local name casefolded, category), ...) and the parts not
    understood (shown under the return, never a failure: every screen reads these rules)."""
    known = {c.casefold(): c for c in CATEGORIES}
    pairs, bad = [], []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, cat = part.partition("=")
        if not sep or not name.strip() or cat.strip().casefold() not in known:
            bad.append(part.strip())
        else:
            pairs.append((name.strip().casefold(), known[cat.strip().casefold()]))
    return tuple(pairs), tuple(bad)


@dataclass(frozen=True)
class Rules:
    basis: Basis = "heard"
    display: Mode = "decimal"
    suppress_small: bool = True
    suppress_style: str = "<5"
    adult_female_population: int = 0
    police_agencies: tuple[str, ...] = ("police",)
    agency_categories: tuple[tuple[str, str], ...] = parse_agency_categories(S.AGENCY_CATEGORIES.default)[0]
    agency_categories_ignored: tuple[str, ...] = ()
    repeat_unit: str = "pair"
    repeat_window_months: int = 12
    repeat_anchor: str = "referral"
    repeat_which_marac: str = "any"
    period: str = "financial year (April-March), quarters Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar"

    def with_basis(self, basis: str | None) -> Rules:
        if basis is None:
            return self
        if basis not in BASES:
            raise UserError(f"'{basis}' is not a basis.", "Use 'heard' or 'referred'.")
        return replace(self, basis=basis)

    def display_rules(self) -> Display:
        return Display(mode=self.display, suppress=self.suppress_small, style=self.suppress_style)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["police_agencies"] = list(self.police_agencies)
        out["agency_categories"] = dict(self.agency_categories)
        out["agency_categories_ignored"] = list(self.agency_categories_ignored)
        return out

    def summary(self) -> str:
        """One line for printed outputs."""
        basis = "cases heard at MARAC in the period" if self.basis == "heard" else "referrals received"
        shown = {
            "decimal": "one decimal place",
            "round": "whole, rounded",
            "truncate": "whole, truncated",
        }
        return (
            f"Repeat: same {'victim and perpetrator' if self.repeat_unit == 'pair' else 'victim'}, "
            f"within {self.repeat_window_months} months of the last "
            f"{'referral' if self.repeat_anchor == 'referral' else 'MARAC hearing'}, "
            f"{'any MARAC' if self.repeat_which_marac == 'any' else 'this MARAC only'}. "
            f"Denominator: {basis}. Rates: "
            f"{shown[self.display]}."
        )


def load_rules(conn: Connection) -> Rules:
    police = get_setting(conn, S.POLICE_AGENCIES)
    categories, ignored = parse_agency_categories(get_setting(conn, S.AGENCY_CATEGORIES))
    return Rules(
        basis=cast(Basis, get_setting(conn, S.BASIS)),
        display=cast(Mode, get_setting(conn, S.DISPLAY)),
        suppress_small=get_setting(conn, S.SUPPRESS_SMALL),
        suppress_style=str(get_setting(conn, S.SUPPRESS_STYLE)),
        adult_female_population=max(0, get_setting(conn, S.ADULT_FEMALE_POPULATION)),
        police_agencies=tuple(p.strip().lower() for p in police.split(",") if p.strip()),
        agency_categories=categories,
        agency_categories_ignored=ignored,
        repeat_unit=str(_raw(conn, "repeat.unit")),
        repeat_window_months=int(_raw(conn, "repeat.window_months")),
        repeat_anchor=str(_raw(conn, "repeat.anchor")),
        repeat_which_marac=str(_raw(conn, "repeat.which_marac")),
    )


def category_of(agency: str, rules: Rules) -> str:
    """The SafeLives category of a local referring agency: as mapped, else the category it is named
    after, else Other."""
    name = agency.strip().casefold()
    for local, cat in rules.agency_categories:
        if local == name:
            return cat
    return next((c for c in CATEGORIES if c.casefold() == name), "Other")
