"""Date parsing shared by forms, imports and the CLI: ISO (2025-03-31) or UK (31/03/2025)."""

from __future__ import annotations

import re
from datetime import date, datetime

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


# One way of showing a date everywhere a person reads one (lists, dialogs, PDFs): UK day-first,
# zero-padded, with the weekday where the day of the week matters (meetings, sessions).


_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}\S*)?$")


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if _ISO_STAMP.match(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def shown(value: object) -> str:
    """02/12/2026 from a date or an ISO string (a time after it is dropped); anything that is not
    a date is shown as it is, so a blank stays blank and a word ("unknown") is not lost."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return f"{day:%d/%m/%Y}"


def shown_with_day(value: object, *, long: bool = False) -> str:
    """Wed 02/12/2026 (Wednesday 02/12/2026 with long=True)."""
    day = _as_date(value)
    if day is None:
        return shown(value)
    return f"{day.strftime('%A' if long else '%a')} {day:%d/%m/%Y}"


def shown_moment(value: object) -> str:
    """02/12/2026 14:30 from an ISO date-time. A stamp that carries its zone (the audit log and the
    exchange journal keep UTC) is shown in this computer's local time, as people read clocks."""
    text = str(value or "").strip()
    if len(text) <= 10:
        return shown(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return shown(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%d/%m/%Y %H:%M}"
