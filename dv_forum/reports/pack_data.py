"""Everything a MARAC pack or minutes document prints, read in one go (no permission check or
audit here: the callers in pack.py and minutes_pdf.py do both)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dv_forum.cases.recompute import ensure_current
from dv_forum.cases.settings import MARAC_NAME
from dv_forum.dates import shown, shown_with_day
from dv_forum.district.settings import PARTNERSHIP_NAME
from dv_forum.marac.actions import meeting_actions, outstanding_rows
from dv_forum.marac.agenda import case_rows, lapsed_rows
from dv_forum.marac.attendance import attendance_rows, observer_rows
from dv_forum.marac.common import meeting_by_id
from dv_forum.marac.minutes import minutes_rows
from dv_forum.marac.model import Action, Attendance, CaseRow, LapsedCase, Meeting, Observer
from dv_forum.marac.settings import MARKING, agencies, confidentiality_statement
from dv_forum.settings import get_setting
from dv_forum.vault import Vault


@dataclass(frozen=True)
class PackData:
    meeting: Meeting
    cases: list[CaseRow]
    attendance: list[Attendance]
    observers: list[Observer]
    agencies: list[str]
    outstanding: list[Action]
    lapsed: list[LapsedCase]
    statement: str
    marking: str
    actions: list[Action]
    minutes: dict[int, str]
    marac_name: str = ""  # the partnership's own names (first-run setup), printed on the cover
    partnership: str = ""

    @property
    def long_date(self) -> str:
        return long_date(self.meeting.date)

    def recipients(self) -> list[str]:
        """Agencies that get their own copy: those present, in agency-list order."""
        return [a.agency for a in self.attendance if a.status == "present"]


def long_date(iso: str) -> str:
    return shown_with_day(iso, long=True)


def short_date(iso: str | None) -> str:
    return shown(iso)


def load_current(vault: Vault, meeting_id: int) -> PackData:
    """``load`` after bringing repeat and serial flags up to date (after an upgrade or a changed
    setting they may not be yet)."""
    with vault.transaction() as conn:
        ensure_current(conn)
    return load(vault.conn, meeting_id)


def load(conn: Any, meeting_id: int) -> PackData:
    meeting = meeting_by_id(conn, meeting_id)
    return PackData(
        meeting=meeting,
        cases=case_rows(conn, meeting_id),
        attendance=attendance_rows(conn, meeting_id),
        observers=observer_rows(conn, meeting_id),
        agencies=agencies(conn),
        outstanding=outstanding_rows(conn, meeting_id),
        lapsed=lapsed_rows(conn, meeting),
        statement=confidentiality_statement(conn),
        marking=get_setting(conn, MARKING).strip() or "OFFICIAL-SENSITIVE",
        actions=meeting_actions(conn, meeting_id),
        minutes=minutes_rows(conn, meeting_id),
        marac_name=get_setting(conn, MARAC_NAME).strip(),
        partnership=get_setting(conn, PARTNERSHIP_NAME).strip(),
    )
