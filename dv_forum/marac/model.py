"""Plain records the MARAC functions return (no Qt, no database handles)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MEETING_STATUSES = ("scheduled", "held", "approved")
ATTENDANCE_STATUSES = {
    "present": "Present",
    "apologies": "Apologies",
    "info_sent": "Information sent",
    "absent": "Not represented",
}
ACTION_STATUSES = {
    "open": "Open",
    "done": "Done",
    "not_possible": "Not possible (change of circumstances)",
    "not_done": "Not done",
}


@dataclass(frozen=True)
class Meeting:
    id: int
    date: str
    venue: str | None
    chair: str | None
    status: str
    series_id: int | None = None

    @property
    def locked(self) -> bool:
        return self.status == "approved"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CaseRow:
    """One case on an agenda, with the referral facts the pack prints (no names, no notes)."""

    position: int
    referral_id: int
    case_ref: str
    referral_date: str
    initials: str | None
    age: int | None
    gender: str | None
    criteria: str
    dash_score: int | None
    risk_band: str | None
    is_repeat: bool
    last_referral_date: str | None
    referring_agency: str | None
    children: int | None
    idva: str | None
    summary: str | None
    transferred_from: str | None = None  # the MARAC a transferred-in case came from
    serial_perp: bool = False  # a perpetrator here was referred with another victim within 12 months
    perpetrators: int = 0  # how many perpetrators the referral records
    # What the chair needs on the case page (SafeLives chairing guidance); None: not recorded.
    victim_aware: int | None = None
    consent: int | None = None
    perpetrator_details: str = ""  # "Male, 34; Female, age not known", in the referral's order
    children_ages: str = ""  # "2, 7, expected"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Proposal:
    referral_id: int
    case_ref: str
    referral_date: str
    is_repeat: bool
    before_last_meeting: bool  # unheard and older than the previous meeting: not to be forgotten


@dataclass(frozen=True)
class LapsedCase:
    referral_id: int
    case_ref: str
    initials: str | None
    last_heard: str
    referring_agency: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Attendance:
    id: int
    agency: str
    status: str
    name: str | None
    position: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Observer:
    id: int
    name: str
    organisation: str | None
    confidentiality_signed: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Action:
    id: int
    meeting_id: int
    meeting_date: str
    referral_id: int
    case_ref: str
    agency: str
    owner: str | None
    description: str
    due_date: str | None
    status: str
    status_date: str | None

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES[self.status]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
