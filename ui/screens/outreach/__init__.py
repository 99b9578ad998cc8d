"""The Outreach screen: clients with their contacts and the contact form, what is due, a new
client, and caseloads."""

from ui.screens.outreach.screen import OutreachScreen

__all__ = ["OutreachScreen"]
