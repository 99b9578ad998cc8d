"""The Cases screen: the case list with its filters and details, the referral form, possible
matches, import, transfers, chronologies and review holds."""

from ui.screens.cases.screen import CasesScreen

__all__ = ["CasesScreen"]
