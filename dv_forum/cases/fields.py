"""Referral fields: one validator shared by the form (as you type), the service and the importer.

Input values may be text (as typed or read from a file) or already typed. ``clean`` returns the
database values and a list of (field, reason) problems; reasons never repeat the value entered,
because a value could be case data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from dv_forum.cases import dash
from dv_forum.dates import parse_date

CRITERIA = ("visible_high_risk", "professional_judgement", "escalation", "repeat")
GENDERS = ("F", "M", "X")
# How a gender code is read (forms, details, packs); the code is what is stored and exported.
GENDER_WORDS = {"F": "Female", "M": "Male", "X": "Another gender (X)"}


def gender_words(code: object) -> str:
    return GENDER_WORDS.get(str(code or ""), str(code or ""))


STATUSES = ("open", "closed")
CHILD_AGE_BANDS = ("0-4", "5-10", "11-15", "16-17")
# A perpetrator's relationship to the victim: the personally connected categories of the
# Domestic Abuse Act 2021 s.2 (partner, ex-partner, family member, otherwise personally connected).
RELATIONSHIPS = ("partner", "ex_partner", "family", "other_connected")
_RELATIONSHIP_WORDS = {
    "family_member": "family",
    "relative": "family",
    "other": "other_connected",
    "other_personally_connected": "other_connected",
    "personally_connected": "other_connected",
    "expartner": "ex_partner",
}
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]{0,29}$")
_INITIALS = re.compile(r"^[A-Za-z]{1,4}$")

Problem = tuple[str, str]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# Control characters and bidirectional overrides can hide or reorder text in exports, PDFs and
# screens (a "trojan source" style trick); free text keeps only tab and line breaks.
_UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _text(limit: int) -> Callable[[Any], str]:
    def conv(v: Any) -> str:
        s = str(v).strip()
        if len(s) > limit:
            raise ValueError(f"longer than {limit} characters")
        if _UNSAFE_TEXT.search(s):
            raise ValueError("contains control or text-direction characters")
        return s

    return conv


def _date(v: Any) -> str:
    if isinstance(v, date):
        return v.isoformat()
    try:
        return parse_date(str(v)).isoformat()
    except ValueError:
        raise ValueError("not a date (use 2025-03-31 or 31/03/2025)") from None


def _victim_age(v: Any) -> int:
    """A MARAC victim is 16 or over (SafeLives); a younger one is refused with where to go instead."""
    n = _int(0, 120)(v)
    if n < 16:
        raise ValueError(
            "under 16: not a MARAC case; refer the child to children's safeguarding (the MASH or "
            "children's social care) instead"
        )
    return n


def _int(lo: int, hi: int) -> Callable[[Any], int]:
    def conv(v: Any) -> int:
        try:
            n = int(str(v).strip()) if not isinstance(v, int) else v
        except ValueError:
            raise ValueError("not a whole number") from None
        if not lo <= n <= hi:
            raise ValueError(f"must be {lo} to {hi}")
        return n

    return conv


def _flag(v: Any) -> int:
    if isinstance(v, bool):
        return int(v)
    s = str(v).strip().lower()
    if s in YES:
        return 1
    if s in NO:
        return 0
    raise ValueError("use Y or N")


def _choice(options: Sequence[str], upper: bool = False) -> Callable[[Any], str]:
    def conv(v: Any) -> str:
        s = str(v).strip()
        s = s.upper() if upper else s.lower()
        if s not in options:
            raise ValueError(f"use one of {', '.join(options)}")
        return s

    return conv


def _split(v: Any) -> list[str]:
    if isinstance(v, list | tuple | set):
        return [str(x).strip() for x in v if str(x).strip()]
    return [x.strip() for x in str(v).split(";") if x.strip()]


def _criteria(v: Any) -> str:
    items = [x.lower() for x in _split(v)]
    bad = [x for x in items if x not in CRITERIA]
    if bad:
        raise ValueError(f"criteria must be from {', '.join(CRITERIA)}")
    return ";".join(c for c in CRITERIA if c in items)  # canonical order, no duplicates


def _ages(v: Any) -> str:
    if isinstance(v, str) and v.strip().startswith("["):
        try:  # the stored form, read back by an update that re-checks the whole record
            v = json.loads(v)
        except ValueError:
            raise ValueError(f"age bands are {', '.join(CHILD_AGE_BANDS)}") from None
    items = _split(v)
    if any(x not in CHILD_AGE_BANDS for x in items):
        raise ValueError(f"age bands are {', '.join(CHILD_AGE_BANDS)}")
    return json.dumps(items)


def relationship(v: Any) -> str:
    """A relationship as typed ("Ex-partner", "family member") to its stored code."""
    s = re.sub(r"[\s-]+", "_", str(v).strip().lower())
    s = _RELATIONSHIP_WORDS.get(s, s)
    if s not in RELATIONSHIPS:
        raise ValueError(f"use one of {', '.join(RELATIONSHIPS)}")
    return s


SAME_PERPETRATOR = ("yes", "no", "not_known")


def same_perpetrator(v: Any) -> str:
    """Whether a previous MARAC elsewhere was about the same perpetrator: yes, no or not known."""
    s = re.sub(r"[\s-]+", "_", str(v).strip().lower())
    s = {"y": "yes", "n": "no", "unknown": "not_known", "dk": "not_known"}.get(s, s)
    if s not in SAME_PERPETRATOR:
        raise ValueError("use yes, no or not known")
    return s


def _initials(v: Any) -> str:
    s = "".join(str(v).split()).replace(".", "").upper()
    if not _INITIALS.match(s):
        raise ValueError("1 to 4 letters")
    return s


def _ref(v: Any) -> str:
    s = str(v).strip()
    if not _REF.match(s):
        raise ValueError("letters, digits, / _ - only, at most 30")
    return s


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "case_ref": _ref,
    "referral_date": _date,
    "incident_date": _date,
    "heard_date": _date,
    "referring_agency": _text(80),
    "victim_initials": _initials,
    "victim_gender": _choice(GENDERS, upper=True),
    "victim_age": _victim_age,
    "bame": _flag,
    "disability": _flag,
    "lgbt": _flag,
    "pregnant": _flag,
    "children": _int(0, 30),
    "children_ages": _ages,
    "area": _text(60),
    "perp_gender": _choice(GENDERS, upper=True),
    "perp_age": _int(0, 120),
    "perp_under18": _flag,
    "perp_relationship": relationship,
    "alcohol": _flag,
    "drugs": _flag,
    "dash_instrument": _text(40),
    "dash_score": _int(0, 40),
    "pj_band": _choice(dash.BANDS),
    "criteria": _criteria,
    "pj_reason": _text(500),
    "victim_aware": _flag,
    "consent": _flag,
    "police_incidents_12m": _int(0, 365),
    "previous_marac_date": _date,
    "previous_marac_where": _text(80),
    "previous_marac_same_perpetrator": same_perpetrator,
    "referrer_repeat": _flag,
    "idva": _text(80),
    "status": _choice(STATUSES),
    "closed_date": _date,
    "notes": _text(2000),
}
FIELDS = tuple(CONVERTERS)
# What a blank means for columns that cannot be empty.
BLANK: dict[str, Any] = {"criteria": "", "status": "open"}
# Written by the service or the repeat engine, never taken from input.
DERIVED = (
    "dash_version",
    "dash_answers",
    "risk_band",
    "is_repeat",
    "repeat_of",
    "repeat_outside_date",
    "repeat_rule",
    "perp_repeat",
    "serial_perp",
    "meeting_id",
)


def clean(
    raw: Mapping[str, Any],
    localities: Sequence[str] | None = None,
    dash_answers: Mapping[str, str] | None = None,
    today: date | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one referral. Missing keys stay missing (so updates can pass only what changed).

    ``dash_answers`` (question id -> yes/no/dk) set the score, band and answers; otherwise a given
    dash_score sets the band. Professional judgement (pj_band) can raise the band, never lower it.
    """
    today = today or date.today()
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        if name not in CONVERTERS:
            problems.append((name, "not a referral field"))
            continue
        if _blank(value):
            out[name] = BLANK.get(name)
            continue
        try:
            out[name] = CONVERTERS[name](value)
        except ValueError as exc:
            problems.append((name, str(exc)))
    if (
        "referral_date" in raw
        and out.get("referral_date") is None
        and not any(p[0] == "referral_date" for p in problems)
    ):
        problems.append(("referral_date", "required"))
    _cross_checks(out, problems, localities, today)
    _dash(out, problems, dash_answers)
    return out, problems


def _cross_checks(
    out: dict[str, Any], problems: list[Problem], localities: Sequence[str] | None, today: date
) -> None:
    ref = out.get("referral_date")
    if ref and ref > today.isoformat():
        problems.append(("referral_date", "is in the future"))
    for later in ("heard_date", "closed_date"):
        if ref and out.get(later) and out[later] < ref:
            problems.append((later, "is before the referral date"))
    if ref and out.get("incident_date") and out["incident_date"] > ref:
        problems.append(("incident_date", "is after the referral date"))
    if ref and out.get("previous_marac_date") and out["previous_marac_date"] > ref:
        problems.append(("previous_marac_date", "is after the referral date"))
    area = out.get("area")
    if area and localities is not None:
        match = [loc for loc in localities if loc.casefold() == area.casefold()]
        if match:
            out["area"] = match[0]
        else:
            problems.append(("area", "not in the locality list"))
    if out.get("pj_band") and not out.get("pj_reason"):
        problems.append(("pj_reason", "give the reason for the professional judgement"))
    if out.get("perp_age") is not None and out.get("perp_under18") is None:
        out["perp_under18"] = int(out["perp_age"] < 18)


def score_limit(instrument_id: str | None) -> int:
    """The highest score a checklist can have: its question count (-1 for an unknown instrument)."""
    inst = dash.instruments().get(instrument_id or dash.DEFAULT_INSTRUMENT)
    return len(inst.questions) if inst else -1


def _dash(out: dict[str, Any], problems: list[Problem], answers: Mapping[str, str] | None) -> None:
    if answers is not None:
        inst_id = out.get("dash_instrument") or dash.DEFAULT_INSTRUMENT
        try:
            inst = dash.instrument(inst_id)
        except Exception:  # noqa: BLE001 - an unknown instrument is a field problem here
            problems.append(("dash_instrument", "unknown instrument"))
            return
        problems += [("dash_answers", p) for p in dash.validate_answers(inst, answers)]
        out["dash_instrument"], out["dash_version"] = inst.id, inst.version
        out["dash_answers"] = json.dumps(dict(answers), sort_keys=True)
        out["dash_score"] = dash.score(answers)
    elif out.get("dash_score") is not None and out["dash_score"] > score_limit(out.get("dash_instrument")):
        named = dash.instruments().get(out.get("dash_instrument") or dash.DEFAULT_INSTRUMENT)
        problems.append(("dash_score", dash.score_problem(named) if named else "names an unknown instrument"))
    if "dash_score" in out or "pj_band" in out:
        out["risk_band"] = dash.raise_band(dash.band_for(out.get("dash_score")), out.get("pj_band"))
    if dash.is_visible_high_risk(out.get("dash_score")):
        crit = set(_split(out.get("criteria") or ""))
        crit.add("visible_high_risk")
        out["criteria"] = ";".join(c for c in CRITERIA if c in crit)
