from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dv_forum.cases import case_list, matches, referrals
from dv_forum.cases.linkage import Identity
from dv_forum.cases.settings import CASE_PREFIX
from dv_forum.errors import InputError, PermissionDenied
from dv_forum.settings import set_setting
from dv_forum.vault import Vault

V1 = Identity("Smith", "Jane", "04/03/1980")
P1 = Identity("Brown", "Mark", "1975-01-02")


def make(
    vault: Vault,
    date: str = "2025-01-10",
    victim: Identity = V1,
    perp: Identity | None = P1,
    **extra: Any,
) -> str:
    return referrals.create(vault, {"referral_date": date, "area": "Coalville", **extra}, victim, perp)


def test_create_and_get(vault: Vault) -> None:
    ref = make(vault, victim_initials="js", dash_score="15", victim_gender="f", bame="Y")
    assert ref.startswith("NWL-") and ref.endswith("-0001")
    case = referrals.get(vault, ref)
    assert case["risk_band"] == "high" and case["victim_initials"] == "JS"
    assert case["criteria"] == ["visible_high_risk"] and case["bame"] is True
    assert "victim_id" not in case
    actions = [r[0] for r in vault.conn.execute("SELECT action FROM audit")]
    assert "case.create" in actions and "case.view" in actions


def test_no_identity_is_stored(vault: Vault) -> None:
    make(vault, victim=Identity("Zyxwvutsrq", "Qwertyuiop", "1980-03-04"))
    for table in ("persons", "person_match_keys", "referrals", "audit", "secrets"):
        for row in vault.conn.execute(f"SELECT * FROM {table}"):
            assert "Zyxwvutsrq" not in repr(tuple(row)).casefold().title()
            assert "zyxwvutsrq" not in repr(tuple(row)).casefold()


def test_repeat_flag_and_reason(vault: Vault) -> None:
    first = make(vault, "2024-02-29")
    second = make(vault, "2025-02-28", victim=Identity("SMITH", "jane", "1980-03-04"))
    third = make(vault, "2025-02-28", perp=Identity("Other", "Man", "1970-01-01"))
    case = referrals.get(vault, second)
    assert case["repeat"] and case["previous_referral"] == first
    assert referrals.repeat_reason(case) == (
        f"Repeat: the same victim and perpetrator referred in case {first}, within 12 months "
        "(rule pair/referral/12m/any)."
    )
    assert not referrals.get(vault, third)["repeat"]
    listed = case_list.list_cases(vault, repeat=True)
    assert [c["case_ref"] for c in listed] == [second]


def test_outside_marac_reason(vault: Vault) -> None:
    ref = make(vault, "2025-01-10", previous_marac_date="01/06/2024", previous_marac_where="Derby")
    case = referrals.get(vault, ref)
    assert case["repeat"] and case["previous_referral"] is None
    assert "MARAC elsewhere on 2024-06-01" in (referrals.repeat_reason(case) or "")


def test_validation_lists_every_problem_and_writes_nothing(vault: Vault) -> None:
    with pytest.raises(InputError) as exc:
        referrals.create(
            vault,
            {"referral_date": "31/02/2025", "area": "Atlantis", "victim_age": "200"},
            Identity("Smith", "", "1980-01-01"),
        )
    msg = str(exc.value)
    for part in ("referral_date", "area", "victim_age", "victim_forename"):
        assert part in msg
    assert "Atlantis" not in msg and "Smith" not in msg
    assert vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0


def test_case_refs_continue_and_prefix_setting(vault: Vault) -> None:
    # No perpetrator: the same pair again before the hearing would be the same case (same_case).
    a, b = make(vault, perp=None), make(vault, perp=None)
    assert int(b[-4:]) == int(a[-4:]) + 1
    with vault.transaction():
        set_setting(vault.conn, CASE_PREFIX, "LEI")
    assert make(vault, perp=None).startswith("LEI-")
    assert make(vault, perp=None, case_ref="OLD-17") == "OLD-17"
    with pytest.raises(InputError):
        make(vault, perp=None, case_ref="OLD-17")


def test_heard_date_makes_meeting(vault: Vault) -> None:
    ref = make(vault, heard_date="2025-02-01")
    row = vault.conn.execute(
        "SELECT m.date FROM referrals r JOIN meetings m ON m.id = r.meeting_id WHERE case_ref = ?",
        (ref,),
    ).fetchone()
    assert row[0] == "2025-02-01"


def test_update_recomputes_and_audits_field_names(vault: Vault) -> None:
    first = make(vault, "2023-01-10")
    second = make(vault, "2025-01-10")
    assert not referrals.get(vault, second)["repeat"]
    changed = referrals.update(vault, first, {"referral_date": "2024-03-01", "notes": "n"})
    assert changed == ["notes", "referral_date"]
    assert referrals.get(vault, second)["repeat"]
    detail = vault.conn.execute("SELECT detail FROM audit WHERE action = 'case.edit'").fetchone()[0]
    assert detail == "notes,referral_date"
    with pytest.raises(InputError):
        referrals.update(vault, first, {"heard_date": "2020-01-01"})


def test_update_keeps_dash_band_and_judgement(vault: Vault) -> None:
    ref = referrals.create(
        vault,
        {"referral_date": "2025-01-10"},
        V1,
        P1,
        dash_answers={"injury": "yes", "weapons": "yes"},
    )
    assert referrals.get(vault, ref)["dash_score"] == 2
    referrals.update(vault, ref, {"pj_band": "high", "pj_reason": "escalating"})
    case = referrals.get(vault, ref)
    assert case["risk_band"] == "high" and case["dash_score"] == 2
    referrals.update(vault, ref, {"pj_band": "standard"})
    assert referrals.get(vault, ref)["risk_band"] == "standard"


def test_chair_cannot_edit(vault_factory: Callable[..., Vault]) -> None:
    coord = vault_factory()
    ref = make(coord, heard_date="2025-02-01")
    unheard = make(coord, "2025-02-02")
    chair = vault_factory(role="chair")
    assert referrals.get(chair, ref)["case_ref"] == ref
    with pytest.raises(referrals.CaseNotFound):
        referrals.get(chair, unheard)  # a chair sees cases heard at MARAC only
    assert [c["case_ref"] for c in case_list.list_cases(chair)] == [ref]
    assert [r[0] for r in case_list.table_rows(chair)] == [ref]
    with pytest.raises(PermissionDenied):
        make(chair)
    outreach = vault_factory(role="outreach")
    with pytest.raises(PermissionDenied):
        referrals.get(outreach, ref)


def test_possible_match_confirm_and_reject(vault: Vault) -> None:
    first = make(vault, "2025-01-10")
    # Same names, day and month swapped: a possible match, not automatically the same person.
    second = make(vault, "2025-03-10", victim=Identity("Smith", "Jane", "03/04/1980"))
    # Same dob and initials, different names.
    make(vault, "2025-04-10", victim=Identity("Sharp", "Joan", "04/03/1980"))
    assert not referrals.get(vault, second)["repeat"]
    offers = matches.offers(vault)
    assert len(offers) == 2  # first~second (swapped day/month), first~third (dob + initials)
    by_reason = {o.reason: o for o in offers}
    swap = by_reason["same names, day and month of birth swapped"]
    assert swap.refs_a == (first,) and swap.refs_b == (second,)
    result = matches.confirm(vault, swap.person_a, swap.person_b)
    assert result.changed >= 1
    case = referrals.get(vault, second)
    assert case["repeat"] and case["previous_referral"] == first
    rest = matches.offers(vault)
    for o in rest:
        matches.reject(vault, o.person_a, o.person_b)
    assert matches.offers(vault) == []


def test_a_victim_under_16_is_refused_with_where_to_refer_instead(vault: Vault) -> None:
    from dv_forum.cases.linkage import Identity
    from dv_forum.errors import InputError

    with pytest.raises(InputError) as refused:
        referrals.create(
            vault, {"referral_date": "2025-01-10", "victim_age": "15"}, Identity("Ash", "Ada", "2010-01-01")
        )
    assert "victim_age" in refused.value.message and "children's safeguarding" in refused.value.message
    ref = referrals.create(
        vault, {"referral_date": "2025-01-10", "victim_age": "16"}, Identity("Ash", "Ada", "2009-01-01")
    )
    assert referrals.get(vault, ref)["victim_age"] == 16


def test_an_incident_inside_the_window_makes_a_late_referral_a_repeat(vault: Vault) -> None:
    from dv_forum.cases.linkage import Identity

    victim, perp = Identity("Ash", "Ada", "1990-01-01"), Identity("Oak", "Olly", "1985-01-01")
    referrals.create(vault, {"referral_date": "2024-05-01"}, victim, perp)
    late = referrals.create(
        vault, {"referral_date": "2025-05-06", "incident_date": "28/04/2025"}, victim, perp
    )
    case = referrals.get(vault, late)
    assert case["repeat"] and case["incident_date"] == "2025-04-28"
    with pytest.raises(InputError, match="incident_date: is after the referral date"):
        referrals.create(vault, {"referral_date": "2025-05-06", "incident_date": "2025-05-07"}, victim, perp)


def test_a_previous_marac_about_another_perpetrator_is_no_repeat_and_not_known_goes_to_review(
    vault: Vault,
) -> None:
    from dv_forum.cases import review
    from dv_forum.cases.linkage import Identity

    victim, perp = Identity("Elm", "Eve", "1990-01-01"), Identity("Fir", "Fred", "1985-01-01")
    base = {
        "referral_date": "2025-03-01",
        "previous_marac_date": "2024-09-01",
        "previous_marac_where": "Derby",
        "criteria": "visible_high_risk",  # so no case is listed for meeting no criterion
    }
    said = {}
    for answer in ("yes", "no", "not known"):
        ref = referrals.create(vault, {**base, "previous_marac_same_perpetrator": answer}, victim, perp)
        said[answer] = referrals.get(vault, ref)
        victim = Identity("Elm", "Eve" + answer[0], "1990-01-02")  # a new pair for each answer
    assert said["yes"]["repeat"] and "(the same perpetrator)" in (referrals.repeat_reason(said["yes"]) or "")
    assert not said["no"]["repeat"] and not said["not known"]["repeat"]
    listed = {c["case_ref"]: c["reasons"] for c in review.for_review(vault)}
    assert list(listed) == [said["not known"]["case_ref"]]
    assert "not known whether it was the same perpetrator" in listed[said["not known"]["case_ref"]][0]


def test_the_referrers_repeat_answer_is_kept_and_a_disagreement_listed(vault: Vault) -> None:
    from dv_forum.cases import review
    from dv_forum.cases.linkage import Identity

    ref = referrals.create(
        vault, {"referral_date": "2025-03-01", "referrer_repeat": "Y"}, Identity("Yew", "Yan", "1991-01-01")
    )
    case = referrals.get(vault, ref)
    assert case["referrer_repeat"] == 1 and not case["repeat"]  # never overridden
    (listed,) = review.for_review(vault)
    assert listed["case_ref"] == ref and "the referrer says MARAC repeat: yes" in listed["reasons"][0]
