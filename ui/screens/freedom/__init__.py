"""The Freedom Programme screen: cohorts, the attendance register, enrolment and the waiting list."""

from ui.screens.freedom.screen import FreedomScreen

__all__ = ["FreedomScreen"]
