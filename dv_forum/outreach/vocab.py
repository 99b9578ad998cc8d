"""Fixed vocabularies for outreach records (the schema's CHECKs hold the same values)."""

from __future__ import annotations

CONTACT_TYPES = ("home visit", "phone", "text", "office", "drop-in", "accompanied appointment")
ISSUES = ("housing", "legal", "children", "finance", "health", "alcohol/drugs")
BARRIERS = ("no transport", "poor signal", "far from services")
SAFE_METHODS = ("phone", "text", "email", "via another agency", "in person only")
SAFETY_PLAN = ("none", "created", "updated")
NOTES_MAX = 1000
