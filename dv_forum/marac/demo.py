"""Synthetic MARAC data for demo vaults: runs after the cases demo, so referrals already exist.

Meetings the cases demo created from heard dates are reused; otherwise a fortnightly series is laid
over the referrals. Each past meeting gets an agenda, attendance, actions and minutes and is
approved; the next future meeting is left scheduled with its proposed agenda.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dv_forum.marac import actions, agenda, attendance, meetings, minutes
from dv_forum.marac.settings import agencies
from dv_forum.vault import Vault

CHAIRS = ("DI Chair", "DCI Chair")
TASKS = (
    "Flag the address for a priority police response",
    "IDVA to make contact and review the safety plan",
    "Check child-protection involvement and share with the school",
    "Consider a sanctuary scheme referral",
    "Check bail conditions and report any breach",
    "GP to note the risk on the patient record",
    "Offer a place on the Freedom Programme",
    "Review tenancy options with the victim",
)
SUMMARIES = (
    "Escalating controlling behaviour since separation; contact with the children is disputed.",
    "Repeat incident within the year; injuries reported at the acute trust.",
    "Victim recently moved; perpetrator has made threats through third parties.",
    "Stalking by text and at the workplace; victim is very frightened.",
)


def generate(vault: Vault, rng: random.Random, scale: float) -> None:
    row = vault.conn.execute("SELECT MIN(referral_date), MAX(referral_date) FROM referrals").fetchone()
    today = date.today()
    existing = meetings.list_meetings(vault)
    if not existing:
        start = date.fromisoformat(row[0]) + timedelta(days=10) if row[0] else today - timedelta(days=90)
        span = max(1, min(52, ((today - start).days // 14) + 2))
        meetings.schedule_series(vault, start, "fortnightly", span, "CV-HUB", CHAIRS[0], weekday=3)
    else:
        # Meetings the cases demo made from heard dates all lie in the past: add the next one, a
        # fortnight on from the last (and on or after today), so there is an agenda to build.
        nxt = date.fromisoformat(existing[-1].date) + timedelta(days=14)
        while nxt < today:
            nxt += timedelta(days=14)
        if existing[-1].date < today.isoformat():
            meetings.add_meeting(vault, nxt, "CV-HUB", CHAIRS[0])
    all_meetings = meetings.list_meetings(vault)
    names = agencies(vault.conn)
    per_meeting = max(4, int(16 * min(scale, 1.0)))
    for m in all_meetings:
        if m.status == "approved":
            continue
        if not m.venue and not m.chair:  # made by the cases demo from a heard date
            meetings.update_meeting(vault, m.id, "CV-HUB", rng.choice(CHAIRS))
        heard = [
            r[0]
            for r in vault.conn.execute(
                "SELECT id FROM referrals WHERE meeting_id = ? OR heard_date = ? ORDER BY id",
                (m.id, m.date),
            )
            if not vault.conn.execute("SELECT 1 FROM agenda_items WHERE referral_id = ?", (r[0],)).fetchone()
        ]
        if heard:
            agenda.add_cases(vault, m.id, heard)
        elif m.date <= (today + timedelta(days=14)).isoformat():
            proposed = [p.referral_id for p in agenda.propose(vault, m.id)][:per_meeting]
            agenda.add_cases(vault, m.id, proposed)
        cases = agenda.case_rows(vault.conn, m.id)
        for case in cases[: len(cases) // 2]:
            agenda.set_summary(vault, m.id, case.referral_id, rng.choice(SUMMARIES))
        for agency in names:
            if rng.random() < 0.75:
                attendance.set_attendance(vault, m.id, agency, "present", f"{agency} rep")
            elif rng.random() < 0.5:
                attendance.set_attendance(vault, m.id, agency, rng.choice(["apologies", "info_sent"]))
        if rng.random() < 0.3:
            attendance.add_observer(vault, m.id, "Student observer", "University", True)
        if m.date >= today.isoformat():
            continue  # a future meeting: agenda ready, nothing recorded yet
        for case in cases:
            for _ in range(rng.randint(1, 3)):
                due = date.fromisoformat(m.date) + timedelta(days=rng.choice([7, 14, 28]))
                act = actions.add_action(
                    vault,
                    m.id,
                    case.referral_id,
                    rng.choice(names[:9]),
                    rng.choice(TASKS),
                    None,
                    due,
                )
                # Older actions are settled; a few recent ones are left overdue, as in real use.
                if due < today and (due < today - timedelta(days=56) or rng.random() < 0.8):
                    actions.set_status(
                        vault,
                        act.id,
                        rng.choice(["done", "done", "done", "not_done", "not_possible"]),
                        on=due,
                    )
            minutes.set_minutes(
                vault,
                m.id,
                case.referral_id,
                "Agencies shared current involvement; the risk remains high.",
            )
        meetings.mark_held(vault, m.id)
        if m.date < (today - timedelta(days=7)).isoformat():
            meetings.approve_minutes(vault, m.id)
