"""Date parsing shared by forms, imports and the CLI: ISO (2025-03-31) or UK (31/03/2025)."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date(text: str) -> date:
    """Parse ISO or UK day-first dates; raise ValueError with a plain reason otherwise."""
    value = (text or "").strip()
    m = _ISO.match(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _UK.match(value)
        if not m:
            raise ValueError(f"'{value[:20]}' is not a date (use 2025-03-31 or 31/03/2025)")
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"'{value[:20]}' is not a real date") from None


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


_UK_SHORT = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2})$")


def parse_typed_date(text: str) -> date:
    """What a person types in a date box: ISO, UK, or UK with a two-digit year (31/12/26 is
    2026). Imports and the CLI keep to parse_date, where a two-digit year would be a guess."""
    value = (text or "").strip()
    m = _UK_SHORT.match(value)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        try:
            return date(2000 + y, mo, d)
        except ValueError:
            raise ValueError(f"'{value[:20]}' is not a real date") from None
    return parse_date(value)
