"""The named session lists a cohort can follow.

The programme pairs each "Dominator" persona with its positive counterpart (domain.md section 4).
The 12-session default gives effects on children two weeks, which is where local groups most often
ask for more time; the 11-session list has one. A cohort may also carry any other list.
"""

from __future__ import annotations

PERSONA_PAIRS: tuple[str, ...] = (
    "The Bully and the Friend",
    "The Headworker and the Negotiator",
    "The Jailer and the Liberator",
    "The Bad Father and the Good Father",
    "The King of the Castle and the Partner",
    "The Liar and the Truthteller",
    "The Sexual Controller and the Lover",
    "The Persuader",
)

TWELVE: tuple[str, ...] = (
    "Introduction",
    *PERSONA_PAIRS,
    "Effects on children (1)",
    "Effects on children (2)",
    "Review",
)

ELEVEN: tuple[str, ...] = ("Introduction", *PERSONA_PAIRS, "Effects on children", "Review")

PRESETS: dict[str, tuple[str, ...]] = {"12": TWELVE, "11": ELEVEN}
DEFAULT = TWELVE
MAX_SESSIONS = 20


def topic_key(topic: str) -> str:
    """Topics match across cohorts by name, ignoring case, spacing and part numbers' spaces."""
    return " ".join(topic.casefold().split())
