"""First-run setup: what a partnership fills in once (and changes later in Settings or the CLI).

Nothing here names a real district: a new vault starts with no localities and the national agency
types; the demo's district is in dv_forum.district.example.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dv_forum import lists
from dv_forum.areas import Area, Changed
from dv_forum.district.lists_edit import clean_value
from dv_forum.district.settings import PARTNERSHIP_NAME
from dv_forum.errors import UserError
from dv_forum.settings import Setting, get_setting, set_setting
from dv_forum.vault import Perm, Vault

PREFIX_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@dataclass
class Setup:
    partnership: str = ""
    marac_name: str = ""
    ref_prefix: str = "MARAC"
    marking: str = "OFFICIAL-SENSITIVE"
    female_population: int = 0
    localities: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=lambda: list(lists.DEFAULTS["agency"]))
    marac_agencies: list[str] = field(default_factory=lambda: list(lists.DEFAULTS["agency"]))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _settings() -> dict[str, Setting[Any]]:
    from dv_forum.cases.settings import CASE_PREFIX, MARAC_NAME
    from dv_forum.marac.settings import MARKING
    from dv_forum.stats.settings import ADULT_FEMALE_POPULATION

    return {
        "partnership": PARTNERSHIP_NAME,
        "marac_name": MARAC_NAME,
        "ref_prefix": CASE_PREFIX,
        "marking": MARKING,
        "female_population": ADULT_FEMALE_POPULATION,
    }


_LIST_OF = {"localities": "locality", "agencies": "agency", "marac_agencies": "marac_agency"}


def current(conn: Any) -> Setup:
    values: dict[str, Any] = {name: get_setting(conn, s) for name, s in _settings().items()}
    values.update({name: lists.get_list(conn, kind) for name, kind in _LIST_OF.items()})
    return Setup(**values)


def check(setup: Setup) -> list[str]:
    """Every problem with a setup, in words a person can act on (empty when it is fine)."""
    problems = []
    prefix = setup.ref_prefix.strip().upper()
    if not 1 <= len(prefix) <= 8 or not set(prefix) <= PREFIX_CHARS:
        problems.append("The case-reference prefix must be 1 to 8 letters or digits (e.g. MARAC).")
    if not setup.marking.strip():
        problems.append("The protective marking cannot be blank (e.g. OFFICIAL-SENSITIVE).")
    if not 0 <= setup.female_population <= 50_000_000:
        problems.append("The adult female population must be a whole number from 0 to 50,000,000.")
    for name, kind in _LIST_OF.items():
        values = getattr(setup, name)
        try:
            cleaned = [clean_value(v, f"A {lists.KINDS[kind]}") for v in values if v.strip()]
        except UserError as exc:
            problems.append(exc.message)
            continue
        if len({v.casefold() for v in cleaned}) != len(cleaned):
            problems.append(f"The {lists.KINDS[kind]} list names one value twice.")
        if kind != "locality" and not cleaned:
            problems.append(f"The {lists.KINDS[kind]} list needs at least one value.")
    return problems


def apply(vault: Vault, setup: Setup) -> Changed[Setup]:
    """Store a whole setup in one transaction (coordinators only): refused whole if any part is wrong."""
    vault.require(Perm.EDIT_SETTINGS)
    problems = check(setup)
    if problems:
        raise UserError(" ".join(problems), "Correct it and try again.")
    with vault.transaction() as conn:
        for name, s in _settings().items():
            value = getattr(setup, name)
            set_setting(conn, s, value.strip().upper() if name == "ref_prefix" else value)
        for name, kind in _LIST_OF.items():
            lists.set_list(conn, kind, [" ".join(v.split()) for v in getattr(setup, name)])
        vault.audit("setup.apply", detail=f"{len(setup.localities)} localities")
    return Changed(current(vault.conn), frozenset(Area))
