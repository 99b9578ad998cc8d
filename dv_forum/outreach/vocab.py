"""Fixed vocabularies for outreach records (the schema's CHECKs hold the same values)."""

from __future__ import annotations

# An attempt nobody answered is recorded (it shows the worker tried, and when), but it is not a
# contact made: first and last contact, the 28-day count and time to first contact leave it out.
NO_ANSWER = "attempted, no answer"
CONTACT_TYPES = ("home visit", "phone", "text", "office", "drop-in", "accompanied appointment", NO_ANSWER)
ISSUES = ("housing", "legal", "children", "finance", "health", "alcohol/drugs")
BARRIERS = ("no transport", "poor signal", "far from services")
SAFE_METHODS = ("phone", "text", "email", "via another agency", "in person only")
SAFETY_PLAN = ("none", "created", "updated")
NOTES_MAX = 1000
