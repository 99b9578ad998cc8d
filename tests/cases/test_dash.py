from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dv_forum.cases import dash
from dv_forum.errors import UserError


def test_shipped_instruments_load() -> None:
    found = dash.instruments()
    assert len(found["safelives-24"].questions) == 24
    assert len(found["police-27"].questions) == 27
    # The police version adds to the partner version; shared question ids mean the same thing.
    assert set(found["safelives-24"].question_ids) < set(found["police-27"].question_ids)
    for inst in found.values():
        assert inst.version and inst.name
        assert [q.number for q in inst.questions] == list(range(1, len(inst.questions) + 1))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "standard"),
        (1, "standard"),
        (9, "standard"),
        (10, "medium"),
        (13, "medium"),
        (14, "high"),
        (27, "high"),
        (None, None),
    ],
)
def test_bands(score: int | None, band: str | None) -> None:
    assert dash.band_for(score) == band


def test_negative_score_is_a_bug() -> None:
    with pytest.raises(ValueError):
        dash.band_for(-1)


def test_score_counts_yes_only() -> None:
    assert dash.score({"injury": "yes", "weapons": "dk", "stalking": "no", "breach": "yes"}) == 2
    assert dash.score(["yes", "yes", "dk"]) == 2


def test_professional_judgement_raises_never_lowers() -> None:
    assert dash.raise_band("standard", "high") == "high"
    assert dash.raise_band("high", "standard") == "high"
    assert dash.raise_band("medium", None) == "medium"
    assert dash.raise_band(None, "medium") == "medium"
    with pytest.raises(ValueError):
        dash.raise_band("medium", "extreme")


def test_visible_high_risk() -> None:
    assert dash.is_visible_high_risk(14) and not dash.is_visible_high_risk(13)
    assert not dash.is_visible_high_risk(None)


def test_validate_answers() -> None:
    inst = dash.instrument("safelives-24")
    assert dash.validate_answers(inst, {"injury": "yes", "weapons": "dk"}) == []
    problems = dash.validate_answers(inst, {"nope": "yes", "injury": "maybe"})
    assert len(problems) == 2


def test_unknown_instrument_is_user_error() -> None:
    with pytest.raises(UserError):
        dash.instrument("young-people-dash")


def test_bad_instrument_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({"id": "x", "version": "1"}))
    with pytest.raises(UserError):
        dash.instruments(tmp_path)
    (tmp_path / "bad.json").write_text(
        json.dumps(
            {
                "id": "x",
                "version": "1",
                "name": "X",
                "questions": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}],
            }
        )
    )
    with pytest.raises(UserError):
        dash.instruments(tmp_path)


D = date.fromisoformat


def test_escalation_three_in_twelve() -> None:
    assert dash.is_escalation([D("2024-01-01"), D("2024-06-01"), D("2025-01-01")])
    assert not dash.is_escalation([D("2024-01-01"), D("2024-06-01"), D("2025-01-02")])
    assert not dash.is_escalation([D("2024-01-01"), D("2024-02-01")])
    assert dash.is_escalation([D("2020-01-01"), D("2024-01-01"), D("2024-02-01"), D("2024-03-01")])
    assert dash.is_escalation([D("2024-01-01"), D("2024-02-01")], n=2, months=1)
    with pytest.raises(ValueError):
        dash.is_escalation([], n=0)


def test_police_checklist_asks_about_children_where_the_police_form_does() -> None:
    """The ACPO DASH (2009) form: 9 pregnancy, then its children and dependants section, 10 children
    or dependants in the household and 11 the abuser has hurt them, before the abuser's questions."""
    police = dash.instruments()["police-27"]
    numbered = {q.number: q.id for q in police.questions}
    assert [numbered[n] for n in (8, 9, 10, 11, 12)] == [
        "stalking",
        "pregnant_recent_birth",
        "children_present",
        "children_harmed",
        "more_often",
    ]
    assert sorted(numbered) == list(range(1, 28))
