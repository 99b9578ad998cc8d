"""Table models for the Exchange screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor

from dv_forum.dates import shown_moment
from ui.style import tone
from ui.widgets.table_model import DictTableModel


def when_text(value: Any) -> str:
    """An ISO timestamp as "03/12/2026 09:14", in local time."""
    return "" if not value else shown_moment(value)


def _status(revoked: Any) -> str:
    return "revoked" if revoked else "active"


def value_text(value: Any) -> str:
    return "(empty)" if value is None else str(value)


def set_by(by: Any, at: Any) -> str:
    """Who set a value and when, for a table cell: "ann, 03/12/2026 09:14"."""
    return f"{by}, {when_text(at)}" if by else "before the journal"


class DevicesModel(DictTableModel):
    COLUMNS = (
        ("Device", "name", None),
        ("Role", "role", None),
        ("Fingerprint words", "fingerprint", None),
        ("Last exchange", "last_exchange", lambda v: when_text(v) or "never"),
        ("Status", "revoked", _status),
    )
    BLANK_SORTS_AS = ""

    def row_colour(self, row: dict[str, Any]) -> Any:
        return QBrush(QColor(tone("muted"))) if row.get("revoked") else None


class ConflictsModel(DictTableModel):
    COLUMNS = (
        ("Record", "record", None),
        ("Field", "field", None),
        ("Ours", "ours", value_text),
        ("Set here", "ours_set", None),
        ("Theirs", "theirs", value_text),
        ("Set there", "theirs_set", None),
    )
    TOOLTIPS = True
    BLANK_SORTS_AS = ""
