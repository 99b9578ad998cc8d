"""Widgets and app-wide rules shared by every screen: the date edit, the wheel guard and the
unsaved-changes marker."""
