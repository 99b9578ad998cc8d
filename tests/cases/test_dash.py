from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dv_forum.cases import dash, fields
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
    """The ACPO DASH (2009) form: 9 pregnancy, then its children and dependants block (10 in the
    household, 11 hurt them, 12 threatened to hurt or kill them), then the partner checklist's 10-24."""
    police = dash.instruments()["police-27"]
    partner = dash.instruments()["safelives-24"]
    numbered = {q.number: q.id for q in police.questions}
    assert [numbered[n] for n in range(8, 14)] == [
        "stalking",
        "pregnant_recent_birth",
        "children_present",
        "children_harmed",
        "children_threatened",
        "more_often",
    ]
    assert sorted(numbered) == list(range(1, 28))
    assert [numbered[n] for n in range(13, 28)] == list(partner.question_ids[9:])
    assert [numbered[n] for n in range(1, 10)] == list(partner.question_ids[:9])


def test_question_one_is_about_the_current_incident() -> None:
    for inst in dash.instruments().values():
        first = inst.questions[0]
        assert first.number == 1 and "current incident" in first.text and "ever" not in first.text


def test_a_retired_question_keeps_an_old_answer_and_its_score() -> None:
    """A case answered on police-27 before 2026.2 said yes to 'children frightened'; the question is
    no longer asked, but the stored answer is still valid and still counts."""
    police = dash.instruments()["police-27"]
    assert "children_fearful" not in police.question_ids
    old = {"injury": "yes", "children_fearful": "yes"}
    assert dash.validate_answers(police, old) == []
    clean, problems = fields.clean({"dash_instrument": "police-27"}, None, old)
    assert problems == [] and clean["dash_score"] == 2


@pytest.mark.parametrize(
    ("instrument", "score", "refused"),
    [
        ("safelives-24", 24, False),
        ("safelives-24", 25, True),
        ("police-27", 27, False),
        ("police-27", 28, True),
    ],
)
def test_a_score_above_the_instruments_question_count_is_refused(
    instrument: str, score: int, refused: bool
) -> None:
    _, problems = fields.clean({"dash_instrument": instrument, "dash_score": score})
    assert any(f == "dash_score" for f, _ in problems) is refused
