"""How figures are shown: rates, whole-number display and small-number suppression.

Arithmetic is done in integers so that a published figure reproduces exactly (floats would make
29.25 round down one time in a few). JSON output uses ``rate`` (one decimal, never suppressed);
printed and exported outputs go through ``Display``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["decimal", "round", "truncate"]
MODES: tuple[Mode, ...] = ("decimal", "round", "truncate")

SUPPRESSED = "<5"
SUPPRESSED_PCT = "*"
# The two published styles (stats.suppress_style): "<5" hides 1-4, "5 or under" hides 1-5.
STYLES: dict[str, int] = {"<5": 4, "5 or under": 5}
SUPPRESSION_NOTE = (
    '"<5" marks a count of 1 to 4, and "*" a percentage resting on one, held back so that no '
    "person can be recognised."
)


def rate(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` as a percentage, one decimal, half up (None: no denominator)."""
    if denominator <= 0:
        return None
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return tenths / 10


def per_10k(count: int, population: int | None) -> float | None:
    """Cases per 10,000 of ``population``, to one decimal place (None when no population is set)."""
    if not population or population <= 0:
        return None
    tenths = (200_000 * count + population) // (2 * population)
    return tenths / 10


def whole_percent(numerator: int, denominator: int, mode: Mode) -> str:
    """The percentage as text: one decimal, or a whole number by rounding or by truncation."""
    if denominator <= 0:
        return "-"
    if mode == "truncate":
        return f"{(100 * numerator) // denominator}%"
    if mode == "round":
        return f"{(200 * numerator + denominator) // (2 * denominator)}%"
    value = rate(numerator, denominator)
    return f"{value:.1f}%"


def is_small(count: int | None) -> bool:
    return count is not None and 1 <= count <= 4


@dataclass(frozen=True)
class Display:
    """The display rules for one printed or exported output."""

    mode: Mode = "decimal"
    suppress: bool = True
    style: str = SUPPRESSED  # a key of STYLES

    @property
    def marker(self) -> str:
        return self.style if self.style in STYLES else SUPPRESSED

    def small(self, value: int | None) -> bool:
        """Whether this count is held back (never when suppression is off)."""
        return self.suppress and value is not None and 1 <= value <= STYLES.get(self.style, 4)

    def note(self) -> str:
        """The line explaining the suppression markers, printed under suppressed outputs."""
        top = STYLES.get(self.style, 4)
        return (
            f'"{self.marker}" marks a count of 1 to {top}, and "{SUPPRESSED_PCT}" a percentage resting '
            "on one, held back so that no person can be recognised."
        )

    def count(self, value: int | None) -> str:
        if value is None:
            return "-"
        if self.small(value):
            return self.marker
        return f"{value:,}"

    def percent(self, numerator: int | None, denominator: int | None) -> str:
        """A percentage; held back when its numerator would itself be suppressed."""
        if numerator is None or not denominator:
            return "-"
        if self.small(numerator):
            return SUPPRESSED_PCT
        return whole_percent(numerator, denominator, self.mode)

    def number(self, value: float | None, decimals: int = 1) -> str:
        """A derived figure that reveals no count (such as cases per 10,000 people)."""
        if value is None:
            return "-"
        return f"{value:,.{decimals}f}"

    def change(self, now: int, before: int) -> str:
        """Change on the same period last year, as "+12 (+8.0%)"."""
        if self.small(now) or self.small(before):
            return SUPPRESSED_PCT
        diff = now - before
        if before <= 0:
            return f"{diff:+,}"
        pct = rate(abs(diff), before) or 0.0
        sign = "-" if diff < 0 else "+"
        return f"{diff:+,} ({sign}{pct:.1f}%)"
