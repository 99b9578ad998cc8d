"""The Statistics screen: NI 32, CS 2 and locality charts, IDVA capacity, the SafeLives return and
the reports."""

from ui.screens.stats.screen import StatsScreen, recent_quarters

__all__ = ["StatsScreen", "recent_quarters"]
