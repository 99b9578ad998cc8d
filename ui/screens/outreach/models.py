"""Table models for the Outreach screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor

from dv_forum.dates import shown, shown_moment, shown_with_day
from ui.style import tone
from ui.widgets.table_model import DictTableModel, yes_no


class ClientsModel(DictTableModel):
    COLUMNS = (
        ("Client", "code", None),
        ("Worker", "worker", None),
        ("Referred", "referral_date", shown),
        ("Locality", "locality", None),
        ("Safe contact", "safe_method", None),
        ("Next due", "next_due", shown),
    )

    # Red, and said in words: the colour is never the only sign (WCAG 1.4.1).
    def row_colour(self, row: dict[str, Any]) -> Any:
        return QBrush(QColor(tone("overdue"))) if row.get("overdue") else None


class DueModel(DictTableModel):
    COLUMNS = (
        ("Due", "due_date", shown_with_day),
        ("Overdue", "overdue", lambda v: "OVERDUE" if v else ""),
        ("Client", "client_code", None),
        ("Worker", "worker", None),
        ("What", "kind", None),
        ("Why", "reason", None),
    )

    def row_colour(self, row: dict[str, Any]) -> Any:
        return QBrush(QColor(tone("overdue"))) if row.get("overdue") else None


class ContactsModel(DictTableModel):
    COLUMNS = (
        ("When", "at", shown_moment),
        ("Type", "type", None),
        ("Safe", "safe", yes_no),
        ("Worker", "worker", None),
        ("Risk review", "dash_text", None),
        ("Next", "next_contact", shown),
    )


class CaseloadModel(DictTableModel):
    COLUMNS = (
        ("Worker", "worker", None),
        ("Open clients", "open_clients", None),
        ("Contacts (28 days)", "contacts_28_days", None),
        ("Overdue", "overdue", None),
        ("Risk reviews due", "risk_reviews_due", None),
    )
