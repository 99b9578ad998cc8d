"""Demo data for Statistics: CS 2 monthly incident counts, so the incidents chart has bars.

Counts are synthetic: a district figure for every complete month of the last three years, with a
mild seasonal rise in summer and at Christmas, entered through the same core function as the
`stats incident-count` command.
"""

from __future__ import annotations

import random
from datetime import date

from dv_forum.stats import incidents as cs2
from dv_forum.vault import Vault

MONTHS = 36
SEASON = {6: 1.10, 7: 1.12, 8: 1.08, 12: 1.15, 1: 1.05}  # month -> uplift


def demo_months(today: date, count: int = MONTHS) -> list[str]:
    """The ``count`` complete months before ``today``'s month, oldest first, as YYYY-MM."""
    index = today.year * 12 + today.month - 1  # this month, not complete: excluded
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count, index)]


def generate(vault: Vault, rng: random.Random, scale: float, today: date | None = None) -> None:
    base = max(1, round(95 * scale))
    for month in demo_months(today or date.today()):
        factor = SEASON.get(int(month[5:]), 1.0)
        cs2.set_count(vault.conn, month, round(base * factor * rng.uniform(0.85, 1.15)))
