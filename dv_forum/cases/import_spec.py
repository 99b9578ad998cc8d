"""Every column a referral import takes: its name, what it holds, the values allowed, an example
and the other spellings accepted. The help, docs/import.md and the template are made from this.

Header matching ignores case, spaces, underscores, hyphens and full stops, so "Referral Date",
"referral_date" and "REFERRAL-DATE" are one column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dv_forum.cases import dash, fields


@dataclass(frozen=True)
class Column:
    name: str
    field: str  # the referral field, or "" for an identity column (turned into linkage keys)
    meaning: str
    allowed: str
    example: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    list_kind: str = ""  # a list column: its values come from `dv-forum lists show KIND`


_YES_NO = "yes or no (y/n, true/false, 1/0); blank = not known"
_DATE = "a date: 2026-03-31 or 31/03/2026"
_G = "/".join(fields.GENDERS)

# fmt: off
COLUMNS: tuple[Column, ...] = (
    Column("case_ref", "case_ref", "This MARAC's case reference; blank = a new one is given",
           "letters, digits, / _ - (up to 30)", "MARAC-2026-0001", ("reference", "case reference", "ref")),
    Column("referral_date", "referral_date", "Date the referral reached the MARAC", _DATE, "2026-03-02",
           ("date of referral", "referred", "date referred"), required=True),
    Column("incident_date", "incident_date", "Date of the incident that led to the referral", _DATE,
           "2026-02-27", ("date of incident",)),
    Column("heard_date", "heard_date", "Date of the MARAC meeting that heard the case (history)", _DATE,
           "2026-03-12", ("marac date", "date heard", "heard")),
    Column("referring_agency", "referring_agency", "The agency that referred", "a referring agency",
           "Police", ("agency", "referrer", "referred by"), list_kind="agency"),
    Column("area", "area", "Where the victim lives", "a locality", "(one of your localities)",
           ("locality", "district", "ward"), list_kind="locality"),
    Column("dash_score", "dash_score", "DASH risk checklist score (number of yes answers)", "0 to 40",
           "16", ("dash", "risk score")),
    Column("pj_band", "pj_band", "Risk level by professional judgement", ", ".join(dash.BANDS), "high",
           ("professional judgement", "risk level")),
    Column("criteria", "criteria", "Why the case meets the MARAC threshold", ", ".join(fields.CRITERIA)
           + " (several: separate with ;)", "visible_high_risk", ("referral criteria",)),
    Column("police_incidents_12m", "police_incidents_12m", "Police-reported incidents in the 12 months before",
           "0 to 365", "3", ("police incidents", "incidents 12 months")),
    Column("pj_reason", "pj_reason", "The referrer's reason for professional judgement", "text (500)", "",
           ("reason",)),
    Column("victim_gender", "victim_gender", "Victim's gender", f"{_G} (female, male, other)", "F",
           ("gender", "sex")),
    Column("victim_age", "victim_age", "Victim's age (16 or over)", "16 to 120", "34", ("age",)),
    Column("victim_initials", "victim_initials", "Victim's initials (checked against possible matches)",
           "1 to 4 letters", "AB", ("initials",)),
    Column("bame", "bame", "Victim is from a Black, Asian or minority ethnic group", _YES_NO, "no",
           ("bme", "ethnic minority")),
    Column("disability", "disability", "Victim has a disability", _YES_NO, "no", ("disabled",)),
    Column("lgbt", "lgbt", "Victim is lesbian, gay, bisexual or trans", _YES_NO, "no", ("lgbtq", "lgbtq+")),
    Column("pregnant", "pregnant", "Victim is pregnant", _YES_NO, "no"),
    Column("children", "children", "Number of children in the household", "0 to 30", "2",
           ("number of children", "children in household")),
    Column("children_ages", "children_ages", "Age bands of those children",
           ", ".join(fields.CHILD_AGE_BANDS) + " (separate with ;)", "0-4;5-10"),
    Column("perpetrator_gender", "perp_gender", "Perpetrator's gender", _G, "M", ("perp_gender",)),
    Column("perpetrator_age", "perp_age", "Perpetrator's age", "0 to 120", "37", ("perp_age",)),
    Column("perpetrator_under18", "perp_under18", "Perpetrator is under 18", _YES_NO, "no",
           ("perp_under18",)),
    Column("perpetrator_relationship", "perp_relationship", "Perpetrator's relationship to the victim",
           ", ".join(fields.RELATIONSHIPS), "ex_partner", ("perp_relationship", "relationship")),
    Column("alcohol", "alcohol", "Alcohol a factor", _YES_NO, "no"),
    Column("drugs", "drugs", "Drugs a factor", _YES_NO, "no"),
    Column("victim_aware", "victim_aware", "Victim knows of the referral", _YES_NO, "yes"),
    Column("consent", "consent", "Victim consented to the referral", _YES_NO, "yes"),
    Column("previous_marac_date", "previous_marac_date", "Date of a previous MARAC elsewhere", _DATE, ""),
    Column("previous_marac_where", "previous_marac_where", "Which MARAC heard it before", "text (80)", ""),
    Column("previous_marac_same_perpetrator", "previous_marac_same_perpetrator",
           "Was that MARAC about the same perpetrator", "yes, no or not known", ""),
    Column("referrer_repeat", "referrer_repeat", "The referrer says this is a repeat", _YES_NO, ""),
    Column("idva", "idva", "The IDVA allocated", "text (80)", ""),
    Column("status", "status", "Open or closed (history)", ", ".join(fields.STATUSES), "open"),
    Column("closed_date", "closed_date", "Date the case was closed (history)", _DATE, ""),
    Column("notes", "notes", "Notes", "text (2,000)", ""),
    *(
        Column(f"{who}_{part}", "", f"{who.title()}'s {what} (kept only as linkage keys)", allowed, example,
               aliases)
        for who in ("victim", "perpetrator")
        for part, what, allowed, example, aliases in (
            ("id", "person identifier from another system", "text", "", ()),
            ("surname", "surname", "text", "", (f"{who} last name",)),
            ("forename", "forename", "text", "", (f"{who} first name",)),
            ("dob", "date of birth", _DATE, "", (f"{who} date of birth",)),
        )
    ),
)
# fmt: on
BY_NAME = {c.name: c for c in COLUMNS}
_SQUASH = re.compile(r"[\s_\-.]+")


def squash(header: str) -> str:
    return _SQUASH.sub("", header.strip().casefold())


_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _text in (_c.name, *_c.aliases):
        _LOOKUP.setdefault(squash(_text), _c.name)
# Identity columns of earlier releases said "perp_" as the other columns did.
for _part in ("id", "surname", "forename", "dob"):
    _LOOKUP.setdefault(squash(f"perp_{_part}"), f"perpetrator_{_part}")


def canonical(header: str) -> str | None:
    """The column a header names, whatever its case, spacing or accepted spelling; None if unknown."""
    return _LOOKUP.get(squash(header))


def help_text() -> str:
    """The columns, one a line, for `import referrals --help`."""
    lines = ["columns (case, spaces and underscores do not matter; docs/import.md has more):"]
    for c in COLUMNS:
        also = f" (also: {', '.join(c.aliases)})" if c.aliases else ""
        lines.append(f"  {c.name}{' *' if c.required else ''}: {c.allowed}{also}")
    lines.append("  * required; give victim_id or the victim's surname, forename and dob")
    return "\n".join(lines)
