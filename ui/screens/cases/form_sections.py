"""The referral form's sections, in the order of the SafeLives MARAC referral form: who refers and
when, the victim (and whether she knows and consents), the perpetrator, the children, the risk and
the reason for referral, previous MARACs, then support and notes. Fields are named here by the
keys the form builds them under; a test holds every field to exactly one place."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from ui.widgets.a11y import buddy_labels

# Localities and agencies are the partnership's own names: their drop-downs show them as they are.
NAMED_LISTS = frozenset({"area", "referring_agency"})
FLAG_LABELS = {
    "bame": "BAME",
    "disability": "Disability",
    "lgbt": "LGBT",
    "pregnant": "Pregnant",
    "alcohol": "Alcohol",
    "drugs": "Drugs",
    "victim_aware": "Victim aware of the referral",
    "consent": "Victim consents",
}
TEXT_FIELDS = (
    ("case_ref", "Case reference (blank: automatic)"),
    ("referral_date", "Referral date *"),
    ("incident_date", "Date of the incident (if before the referral)"),
    ("heard_date", "Heard at MARAC"),
    ("victim_initials", "Victim initials"),
    ("victim_age", "Victim age"),
    ("children", "Children in household"),
    ("perp_age", "Perpetrator age"),
    ("police_incidents_12m", "Police-reported incidents, last 12 months"),
    ("previous_marac_date", "Previous MARAC elsewhere: date"),
    ("previous_marac_where", "Previous MARAC elsewhere: where"),
    ("idva", "IDVA allocated"),
    ("pj_reason", "Professional judgement: reason"),
)
IDENTITY = (
    ("surname", "Surname"),
    ("forename", "Forename"),
    ("dob", "Date of birth"),
    ("source_id", "Person id (source system)"),
)

# (section title, field keys). "flags:GROUP" is a row of tick boxes (FLAG_GROUPS), "identity:WHO" the name-and-birth group,
# "household" the children and further perpetrators, "criteria" the referral criteria, "dash" the
# instrument and its checklist; the rest are the form's text fields and drop-downs.
FLAG_GROUPS = {
    "consent": ("Consent", ("victim_aware", "consent")),
    "victim": ("About the victim", ("pregnant", "disability", "bame", "lgbt", "alcohol", "drugs")),
}
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Referral",
        ("case_ref", "referral_date", "referring_agency", "area", "incident_date", "status", "heard_date"),
    ),
    (
        "Victim",
        (
            "victim_initials",
            "victim_age",
            "victim_gender",
            "flags:consent",
            "flags:victim",
            "identity:victim",
        ),
    ),
    ("Perpetrator", ("perp_age", "perp_gender", "perp_relationship", "identity:perpetrator")),
    ("Children and household", ("children", "household")),
    (
        "Risk and reason for referral",
        ("criteria", "police_incidents_12m", "pj_band", "pj_reason", "dash"),
    ),
    (
        "Previous MARAC",
        ("referrer_repeat", "previous_marac_date", "previous_marac_where", "previous_marac_same_perpetrator"),
    ),
    ("Support and notes", ("idva", "notes")),
)


def lay_out(form: QFormLayout, rows: dict[str, tuple[QLabel | str | None, QWidget]]) -> None:
    """Put each section's rows in a titled group, in SECTIONS order. ``rows`` maps a field key to
    (label or None for a full-width row, widget)."""
    for title, keys in SECTIONS:
        group = QGroupBox(title)
        group.setObjectName(f"section {title}")
        inner = QFormLayout(group)
        for key in keys:
            label, widget = rows[key]
            if label is None:
                inner.addRow(widget)
            else:
                inner.addRow(label, widget)
        buddy_labels(inner)
        form.addRow(group)
