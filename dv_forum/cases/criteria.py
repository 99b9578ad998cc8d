"""The MARAC referral criteria a case meets: those the referrer ticked, and those its own record
shows (SafeLives): a DASH score of 14 or more is visible high risk; professional judgement that
raised the band; police-reported incidents in the last 12 months at or above the escalation
setting; a repeat computed by the repeat engine. Shown everywhere a case's criteria are; a case
meeting none is listed for review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dv_forum.cases import dash, fields

_RANK = {band: i for i, band in enumerate(dash.BANDS)}


def ticked(stored: str | None) -> list[str]:
    return [c for c in (stored or "").split(";") if c]


def met(row: Mapping[str, Any], escalation_incidents: int) -> list[str]:
    """Every criterion the case meets, in the usual order."""
    found = set(ticked(row.get("criteria")))
    scored = dash.band_for(row.get("dash_score"))
    if scored == "high":
        found.add("visible_high_risk")
    judged = row.get("pj_band")
    if judged and _RANK.get(judged, -1) > _RANK.get(scored or "", -1):
        found.add("professional_judgement")
    incidents = row.get("police_incidents_12m")
    if incidents is not None and escalation_incidents > 0 and incidents >= escalation_incidents:
        found.add("escalation")
    if row.get("is_repeat"):
        found.add("repeat")
    return [c for c in fields.CRITERIA if c in found]


def escalation_incidents(conn: Any) -> int:
    """The number of incidents that makes escalation, or 0 when the setting's period is not the
    12 months the referral's count covers (the settings say so)."""
    from dv_forum.cases.settings import ESCALATION_MONTHS, ESCALATION_N
    from dv_forum.settings import get_setting

    if get_setting(conn, ESCALATION_MONTHS) != 12:
        return 0
    return int(get_setting(conn, ESCALATION_N))
