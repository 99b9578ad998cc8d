"""The case details pane's text: readable labels in a fixed order, Yes/No, instrument names, the
household listed, and the serial-perpetrator line first when it applies."""

from __future__ import annotations

import html
import re
from typing import Any

from dv_forum.cases import dash, household, review
from dv_forum.cases.fields import gender_words
from dv_forum.dates import shown_moment

# Labels for the case detail pane, in the order shown; fields not listed follow, humanised.
DETAIL_LABELS: dict[str, str] = {
    "case_ref": "Case reference",
    "referral_date": "Referral date",
    "incident_date": "Date of the incident",
    "heard_date": "Heard at MARAC",
    "referring_agency": "Referring agency",
    "status": "Status",
    "closed_date": "Closed",
    "area": "Locality",
    "victim_initials": "Victim initials",
    "victim_gender": "Victim gender",
    "victim_age": "Victim age",
    "bame": "BAME",
    "disability": "Disability",
    "lgbt": "LGBT",
    "pregnant": "Pregnant",
    "children": "Children in household",
    "children_ages": "Children's ages",
    "perp_gender": "Perpetrator gender",
    "perp_age": "Perpetrator age",
    "perp_under18": "Perpetrator under 18",
    "alcohol": "Alcohol",
    "drugs": "Drugs",
    "dash_instrument": "DASH instrument",
    "dash_version": "DASH version",
    "dash_score": "DASH score",
    "risk_band": "Risk band",
    "criteria": "Referral criteria",
    "criteria_met": "Criteria met (ticked or shown by the record)",
    "police_incidents_12m": "Police-reported incidents, last 12 months",
    "pj_band": "Professional judgement band",
    "pj_reason": "Professional judgement reason",
    "victim_aware": "Victim aware of referral",
    "consent": "Consent",
    "previous_marac_date": "Previous MARAC elsewhere: date",
    "previous_marac_where": "Previous MARAC elsewhere: where",
    "previous_marac_same_perpetrator": "Previous MARAC elsewhere: same perpetrator",
    "referrer_repeat": "Referrer says MARAC repeat",
    "repeat_outside_date": "Repeat of a MARAC elsewhere on",
    "idva": "IDVA allocated",
    "perp_repeat": "Perpetrator repeat",
    "previous_referral": "Previous referral",
    "notes": "Notes",
}


def detail_label(key: str) -> str:
    """The label shown for a case field ("perp_under18" -> "Perpetrator under 18")."""
    if key in DETAIL_LABELS:
        return DETAIL_LABELS[key]
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
LISTED = {"child_records": household.child_line, "perpetrators": household.perpetrator_line}
SERIAL_TEXT = "Yes: a perpetrator here was referred with a different victim within 12 months"


def detail_rows(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for the detail pane: readable labels, Yes/No, instrument names."""
    skip = {"id", "dash_answers", "is_repeat", "repeat_of", "repeat_rule", "repeat", "serial_perp"}
    names = {i.id: i.name for i in dash.instruments().values()}

    def show(k: str, v: Any) -> str:
        if k in LISTED:
            return "; ".join(LISTED[k](x) for x in v)
        if isinstance(v, bool):
            return "Yes" if v else "No"
        if isinstance(v, list):
            text = ", ".join(str(x).replace("_", " ") for x in v)
            return text[:1].upper() + text[1:]
        if k == "dash_instrument":
            return names.get(str(v), str(v))
        if k in ("victim_gender", "perp_gender"):
            return gender_words(v)
        return shown_moment(v) if isinstance(v, str) and _ISO_START.match(v) else str(v)

    order = {k: i for i, k in enumerate(DETAIL_LABELS)}
    keys = sorted(
        (k for k, v in case.items() if k not in skip and v not in (None, "", [])),
        key=lambda k: order.get(k, len(order)),
    )
    rows = [(detail_label(k), show(k, case[k])) for k in keys]
    if case.get("serial_perp"):
        rows.insert(0, ("Serial perpetrator", SERIAL_TEXT))
    for reason in review.reasons(case):
        rows.insert(0, ("For review", reason[:1].upper() + reason[1:]))
    return rows


def detail_html(case: dict[str, Any]) -> str:
    # Notes are free text: escape everything so nothing becomes markup.
    rows = "".join(
        f"<tr><th align='left'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in detail_rows(case)
    )
    return f"<table cellspacing='4'>{rows}</table>"
