"""Local choices for outreach follow-up, stored in the vault."""

from __future__ import annotations

from dv_forum.settings import Setting

DUE_HORIZON_DAYS: Setting[int] = Setting(
    "outreach.due_horizon_days", int, 7, "Days ahead that a follow-up counts as due", maximum=365
)
FIRST_CONTACT_DAYS: Setting[int] = Setting(
    "outreach.first_contact_days",
    int,
    2,
    "Days from referral within which the first contact is due",
    maximum=90,
)
RISK_REVIEW_WEEKS: Setting[int] = Setting(
    "outreach.risk_review_weeks",
    int,
    12,
    "Weeks between risk reviews (a new incident brings it forward)",
    maximum=104,
)
