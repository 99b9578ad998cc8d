from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.marac import meetings, minutes
from dv_forum.marac.meetings import nth_weekday, series_dates
from dv_forum.vault import audit


def test_add_and_list(vault):
    meetings.add_meeting(vault, "12/03/2026", "CV-HUB", "DI Chair")
    meetings.add_meeting(vault, "2026-02-26")
    got = meetings.list_meetings(vault)
    assert [m.date for m in got] == ["2026-02-26", "2026-03-12"]
    assert got[1].venue == "CV-HUB" and got[1].status == "scheduled"
    assert audit.rows(vault.conn, action="marac.meeting.add")[0].ref == "2026-02-26"


def test_duplicate_date_and_bad_venue_are_user_errors(vault):
    meetings.add_meeting(vault, "2026-03-12")
    with pytest.raises(UserError, match="already a meeting"):
        meetings.add_meeting(vault, "2026-03-12")
    with pytest.raises(UserError, match="venue"):
        meetings.add_meeting(vault, "2026-03-13", venue="12 High Street, Coalville")
    with pytest.raises(UserError, match="not valid"):
        meetings.add_meeting(vault, "31/02/2026")


def test_fortnightly_series_keeps_weekday():
    got = series_dates(date(2026, 1, 6), "fortnightly", 4)  # a Tuesday
    assert [d.isoformat() for d in got] == ["2026-01-06", "2026-01-20", "2026-02-03", "2026-02-17"]
    assert all(d.weekday() == 1 for d in got)


def test_monthly_series_nth_and_last_weekday():
    got = series_dates(date(2026, 1, 13), "monthly", 3)  # 2nd Tuesday
    assert [d.isoformat() for d in got] == ["2026-01-13", "2026-02-10", "2026-03-10"]
    last = series_dates(date(2026, 1, 27), "monthly", 3)  # last Tuesday of January
    assert [d.isoformat() for d in last] == ["2026-01-27", "2026-02-24", "2026-03-31"]
    assert nth_weekday(2026, 2, 0, 5) == date(2026, 2, 23)


def test_series_on_other_weekday_and_skips_existing(vault):
    meetings.add_meeting(vault, "2026-01-22")
    made = meetings.schedule_series(vault, "2026-01-05", "fortnightly", 3, "CV-HUB", weekday=3)
    assert [m.date for m in made] == ["2026-01-08", "2026-02-05"]  # 22 Jan already existed


def test_approve_requires_held_and_locks(vault, referral):
    m = meetings.add_meeting(vault, "2026-03-12")
    rid = referral("2026-03-01")
    from dv_forum.marac import agenda

    agenda.add_cases(vault, m.id, [rid])
    minutes.set_minutes(vault, m.id, rid, "Information shared.")
    with pytest.raises(UserError, match="held"):
        meetings.approve_minutes(vault, m.id)
    meetings.mark_held(vault, m.id)
    heard = vault.conn.execute("SELECT heard_date, meeting_id FROM referrals WHERE id = ?", (rid,)).fetchone()
    assert tuple(heard) == ("2026-03-12", m.id)
    meetings.approve_minutes(vault, m.id)
    with pytest.raises(UserError, match="locked"):
        minutes.set_minutes(vault, m.id, rid, "Changed.")
    # The database refuses it too, whatever path tries.
    with pytest.raises(Exception, match="locked"):
        vault.conn.execute("UPDATE minutes SET info_shared = 'x'")
    assert minutes.get_minutes(vault, m.id) == {rid: "Information shared."}


def test_mark_held_keeps_imported_heard_date(vault, referral):
    m = meetings.add_meeting(vault, "2026-03-12")
    rid = referral("2026-03-01", heard_date="2026-03-02")
    vault.conn.execute(
        "INSERT INTO agenda_items (meeting_id, referral_id, position) VALUES (?, ?, 1)", (m.id, rid)
    )
    meetings.mark_held(vault, m.id)
    assert (
        vault.conn.execute("SELECT heard_date FROM referrals WHERE id = ?", (rid,)).fetchone()[0]
        == "2026-03-02"
    )
