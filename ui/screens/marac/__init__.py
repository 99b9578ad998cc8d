"""The MARAC screen: meetings, the agenda with its minutes, attendance, actions and the pack."""

from ui.screens.marac.screen import MaracScreen

__all__ = ["MaracScreen"]
