"""MARAC meetings: schedule, agenda, attendance, observers, actions and minutes.

Every public function takes the open Vault, checks the user's permission and audits what it shows
or changes with the meeting date (never a name). Pack and minutes documents are in dv_forum.reports.
"""
