"""DASH risk checklists: instruments are data (resources/dash/*.json), scoring is here.

Answers are stored as {question_id: "yes" | "no" | "dk"} together with the instrument id and
version, never as bare wording, so the partnership can correct wording without touching old cases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from dateutil.relativedelta import relativedelta

from dv_forum.errors import UserError
from dv_forum.paths import resources_dir

ANSWERS = ("yes", "no", "dk")
ANSWER_WORDS = {"yes": "Yes", "no": "No", "dk": "Don't know"}
BANDS = ("standard", "medium", "high")
MEDIUM_FROM = 10
HIGH_FROM = 14
DEFAULT_INSTRUMENT = "safelives-24"


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    text: str


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    name: str
    questions: tuple[Question, ...]
    # Questions an earlier version asked: no longer asked, but an answer stored under one keeps its
    # meaning and its place in the score (a wording or order fix must not change an old case's band).
    retired: tuple[Question, ...] = ()

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


def _parse(data: Mapping[str, object], source: str) -> Instrument:
    try:
        raw_qs = data["questions"]
        if not isinstance(raw_qs, list):
            raise TypeError("questions is not a list")
        qs = tuple(
            Question(str(q["id"]), int(q.get("number", i + 1)), str(q["text"])) for i, q in enumerate(raw_qs)
        )
        raw_retired = data.get("retired", [])
        if not isinstance(raw_retired, list):
            raise TypeError("retired is not a list")
        old = tuple(Question(str(q["id"]), 0, str(q["text"])) for q in raw_retired)
        inst = Instrument(str(data["id"]), str(data["version"]), str(data["name"]), qs, old)
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(
            f"The DASH instrument file {source} is not valid ({exc}).",
            "Restore it from the program's resources folder.",
        ) from None
    every_id = [*inst.question_ids, *(q.id for q in inst.retired)]
    if len(set(every_id)) != len(every_id):
        raise UserError(
            f"The DASH instrument file {source} repeats a question id.",
            "Give every question its own id.",
        )
    return inst


def load_file(path: Path) -> Instrument:
    return _parse(json.loads(path.read_text("utf-8")), path.name)


@cache
def _load_all(folder: str) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for path in sorted(Path(folder).glob("*.json")):
        inst = load_file(path)
        found[inst.id] = inst
    return found


def instruments(folder: Path | None = None) -> dict[str, Instrument]:
    """Every instrument shipped in resources/dash, by id."""
    return dict(_load_all(str(folder or resources_dir() / "dash")))


def instrument(instrument_id: str, folder: Path | None = None) -> Instrument:
    found = instruments(folder)
    if instrument_id not in found:
        raise UserError(
            f"There is no DASH instrument called {instrument_id!r}.",
            f"Use one of: {', '.join(sorted(found))}.",
        )
    return found[instrument_id]


def validate_answers(inst: Instrument, answers: Mapping[str, str]) -> list[str]:
    """Problems with an answer set (unknown question ids, answers other than yes/no/dk)."""
    known = set(inst.question_ids) | {q.id for q in inst.retired}
    problems = [f"unknown question {qid!r}" for qid in answers if qid not in known]
    problems += [
        f"question {qid!r}: answer must be yes, no or dk"
        for qid, a in answers.items()
        if qid in known and a not in ANSWERS
    ]
    return problems


def score_problem(inst: Instrument) -> str:
    """Why a score given without its answers is refused: it counts more yeses than there are questions."""
    return f"is more than {len(inst.questions)}, the number of questions in {inst.id}"


def score(answers: Mapping[str, str] | Iterable[str]) -> int:
    """The DASH score is the number of "yes" answers ("don't know" counts as not yes)."""
    values = answers.values() if isinstance(answers, Mapping) else answers
    return sum(1 for a in values if a == "yes")


def band_for(score_value: int | None) -> str | None:
    """1-9 standard, 10-13 medium, 14+ high. A score of 0 is standard too (a checklist was done)."""
    if score_value is None:
        return None
    if score_value < 0:
        raise ValueError("a DASH score cannot be negative")
    if score_value >= HIGH_FROM:
        return "high"
    if score_value >= MEDIUM_FROM:
        return "medium"
    return "standard"


def raise_band(scored: str | None, judged: str | None) -> str | None:
    """Professional judgement may raise the band but never lower it: the higher of the two wins."""
    if judged is None:
        return scored
    if judged not in BANDS:
        raise ValueError(f"unknown band {judged!r}")
    if scored is None:
        return judged
    return judged if BANDS.index(judged) > BANDS.index(scored) else scored


def is_visible_high_risk(score_value: int | None) -> bool:
    return score_value is not None and score_value >= HIGH_FROM


def is_escalation(incident_dates: Iterable[date], n: int = 3, months: int = 12) -> bool:
    """True when some N incidents fall within M calendar months of each other (inclusive).

    The window is measured like the repeat rule: the Nth incident is on or before the first + M
    months (month end clamped). Default 3 in 12 is a local choice kept in settings.
    """
    if n < 1 or months < 1:
        raise ValueError("n and months must be at least 1")
    ds = sorted(incident_dates)
    for i in range(len(ds) - n + 1):
        if ds[i + n - 1] <= ds[i] + relativedelta(months=months):
            return True
    return False
