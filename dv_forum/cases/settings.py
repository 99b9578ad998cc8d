"""The cases area's settings (kept in the vault): each repeat rule with domain.md's default."""

from __future__ import annotations

from dv_forum.cases.repeats import ANCHORS, UNITS, WHICH, RepeatRules
from dv_forum.errors import UserError
from dv_forum.settings import Setting, get_setting, on_change
from dv_forum.vault.db import Connection

REPEAT_UNIT = Setting(
    "repeat.unit",
    str,
    "pair",
    "Same case means the same 'pair' (victim and perpetrator) or 'victim'.",
    UNITS,
)
REPEAT_ANCHOR = Setting(
    "repeat.anchor",
    str,
    "referral",
    "Window starts at the last 'referral' (a repeat restarts the clock) or last 'meeting' heard.",
    ANCHORS,
)
REPEAT_MONTHS = Setting(
    "repeat.window_months",
    int,
    12,
    "Repeat window in calendar months, inclusive (1 to 120).",
    minimum=1,
    maximum=120,
)
REPEAT_WHICH = Setting(
    "repeat.which_marac",
    str,
    "any",
    "'any' counts a previous MARAC elsewhere; 'this' only this one.",
    WHICH,
)
ESCALATION_N = Setting(
    "escalation.incidents",
    int,
    3,
    "Potential escalation: a referral recording this many police-reported incidents in the 12 months "
    "before (police_incidents_12m) meets the escalation criterion (0 = never)",
    maximum=50,
)
ESCALATION_MONTHS = Setting(
    "escalation.months",
    int,
    12,
    "The period escalation.incidents is counted over; a referral's count covers 12 months, so with "
    "any other value the escalation criterion is not derived from it (only ticked by the referrer)",
    maximum=120,
)
CASE_PREFIX = Setting(
    "cases.ref_prefix",
    str,
    "MARAC",
    "Prefix of new case references (MARAC-2026-0001), set up on first run",
    pattern=("[A-Z0-9]{1,8}", "1 to 8 capital letters or digits"),
)


def repeat_rules(conn: Connection) -> RepeatRules:
    try:
        return RepeatRules(
            unit=get_setting(conn, REPEAT_UNIT),
            anchor=get_setting(conn, REPEAT_ANCHOR),
            months=get_setting(conn, REPEAT_MONTHS),
            which=get_setting(conn, REPEAT_WHICH),
        )
    except ValueError:
        raise UserError(
            "The repeat rule settings are not valid (repeat.window_months must be 1 to 120).",
            "Correct them with 'dv-forum settings set'.",
        ) from None


def _refresh_flags(conn: Connection) -> None:
    from dv_forum.cases.recompute import ensure_current

    ensure_current(conn)


for _setting in (REPEAT_UNIT, REPEAT_ANCHOR, REPEAT_MONTHS, REPEAT_WHICH):
    on_change(_setting.key, _refresh_flags)
MARAC_NAME = Setting(
    "transfer.marac_name",
    str,
    "",
    "This MARAC's name, printed on packs and reports and written into transfer packs (e.g. Anytown MARAC)",
)
