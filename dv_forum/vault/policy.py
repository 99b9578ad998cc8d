"""Passphrase policy: length and a common-password list, no composition rules; a strength hint."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn's "safely unguessable" (about 10^8 guesses or more)
# Words an attacker of this vault would try first.
CONTEXT_WORDS = ("dv-forum", "dvforum", "forum", "marac", "idva", "domestic", "violence", "vault")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(w.casefold() for w in FREQUENCY_LISTS["passwords"])


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (very weak) .. 4 (strong), from zxcvbn
    hint: str


def problems(passphrase: str, user: str | None = None) -> list[str]:
    """Reasons the passphrase is refused (empty = acceptable)."""
    found: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        found.append(f"use at least {MIN_LENGTH} characters (a few unrelated words work well)")
    if passphrase.strip().casefold() in _common():
        found.append("it is on a list of commonly used passwords")
    elif len(set(passphrase)) <= 2 and passphrase:
        found.append("it repeats the same characters")
    elif len(passphrase) >= MIN_LENGTH and _score(passphrase, user) < MIN_SCORE:
        found.append("it is easy to guess (a sequence, a name with digits or a common word)")
    return found


def _score(passphrase: str, user: str | None) -> int:
    from zxcvbn import zxcvbn

    inputs = [*CONTEXT_WORDS, *([user] if user else [])]
    return int(zxcvbn(passphrase[:100], user_inputs=inputs)["score"])


def strength(passphrase: str) -> Strength:
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:100])
    feedback = result.get("feedback", {})
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions", [])) or ""
    labels = ["very weak", "weak", "fair", "good", "strong"]
    score = int(result["score"])
    return Strength(score, f"Strength: {labels[score]}." + (f" {hint}" if hint else ""))
