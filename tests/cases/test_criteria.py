"""The criteria a case meets (issue 17): ticked ones, and those its own record shows; escalation
from police-reported incidents; a case meeting none is listed for review."""

from __future__ import annotations

from dv_forum.cases import criteria, referrals, review
from dv_forum.cases.linkage import Identity
from dv_forum.marac import agenda, meetings
from dv_forum.settings import change_settings
from dv_forum.vault import Vault


def person(n: int) -> Identity:
    return Identity(f"Surname{n}", "Ann", f"1980-01-{n:02d}")


def test_the_record_shows_criteria_the_referrer_did_not_tick() -> None:
    assert criteria.met({"dash_score": 15}, 3) == ["visible_high_risk"]
    assert criteria.met({"dash_score": 8, "pj_band": "high"}, 3) == ["professional_judgement"]
    assert criteria.met({"dash_score": 15, "pj_band": "high"}, 3) == ["visible_high_risk"]  # not raised
    assert criteria.met({"police_incidents_12m": 3}, 3) == ["escalation"]
    assert criteria.met({"police_incidents_12m": 2}, 3) == []
    assert criteria.met({"police_incidents_12m": 9}, 0) == []  # 0: escalation is never derived
    assert criteria.met({"is_repeat": 1, "criteria": "escalation"}, 3) == ["escalation", "repeat"]


def test_escalation_follows_the_setting(vault: Vault) -> None:
    ref = referrals.create(vault, {"referral_date": "2026-02-01", "police_incidents_12m": "4"}, person(1))
    assert referrals.get(vault, ref)["criteria_met"] == ["escalation"]
    change_settings(vault, {"escalation.incidents": 5})
    assert referrals.get(vault, ref)["criteria_met"] == []
    change_settings(vault, {"escalation.incidents": 3, "escalation.months": 6})
    assert referrals.get(vault, ref)["criteria_met"] == []  # the count covers 12 months, not 6


def test_a_computed_repeat_adds_the_repeat_criterion_on_the_agenda(vault: Vault) -> None:
    referrals.create(vault, {"referral_date": "2026-01-05", "dash_score": "16"}, person(2), person(3))
    again = referrals.create(vault, {"referral_date": "2026-03-05", "dash_score": "9"}, person(2), person(3))
    assert referrals.get(vault, again)["criteria_met"] == ["repeat"]
    meeting = meetings.add_meeting(vault, "2026-03-19")
    agenda.add_case(vault, meeting.id, again)
    [row] = agenda.agenda(vault, meeting.id)
    assert row.criteria == "repeat"


def test_a_case_meeting_no_criterion_is_listed_for_review(vault: Vault) -> None:
    none = referrals.create(vault, {"referral_date": "2026-02-01", "dash_score": "6"}, person(4))
    referrals.create(vault, {"referral_date": "2026-02-02", "dash_score": "14"}, person(5))
    listed = {c["case_ref"]: c["reasons"] for c in review.for_review(vault)}
    assert list(listed) == [none]
    assert listed[none] == ["it meets no MARAC criterion: none was ticked and its record shows none"]
    assert review.reasons(referrals.get(vault, none)) == listed[none]
