"""Synthetic Freedom Programme data for the demo vault: two finished cohorts, one running (with
rolling entry and catch-up places), one planned, a waiting list and follow-up calls."""

from __future__ import annotations

import random
from datetime import date, timedelta

from dv_forum.freedom import attendance, cohorts, participants
from dv_forum.freedom.sessions import ELEVEN, TWELVE
from dv_forum.vault import Vault

SOURCES = (
    "Self",
    "Women's Aid outreach",
    "Children's social care",
    "Health visitor",
    "IDVA service",
    "Police",
)
FACILITATORS = ("ann", "bea", "cat")


def _mark(rng: random.Random, keen: float) -> str:
    roll = rng.random()
    return "present" if roll < keen else ("apologies" if roll < keen + (1 - keen) / 2 else "absent")


def _run_sessions(vault: Vault, rng: random.Random, code: str, today: date, keen: dict[str, float]) -> None:
    cohort = cohorts.load_cohort(vault.conn, code)
    for s in cohort.sessions:
        if s.date > today.isoformat():
            break
        grid = attendance.load_grid(vault.conn, code)
        marks: dict[str, str | None] = {
            r.participant_code: _mark(rng, keen.get(r.participant_code, 0.8))
            for r in grid.rows
            if r.first_session <= s.number and not r.withdrawn
        }
        attendance.record_attendance(vault, code, s.number, marks)
    for f in attendance.follow_ups(vault, code):
        if f.session_date < (today - timedelta(days=3)).isoformat() and rng.random() < 0.85:
            attendance.record_follow_up(vault, f.id, rng.choice(attendance.OUTCOMES[:4]), today)


def _people(vault: Vault, rng: random.Random, n: int, today: date) -> list[str]:
    return [
        participants.add_participant(
            vault, referral_source=rng.choice(SOURCES), creche_need=rng.random() < 0.3, today=today
        )
        for _ in range(n)
    ]


def generate(vault: Vault, rng: random.Random, scale: float) -> None:
    today = date.today()
    size = max(4, min(14, round(12 * scale)))  # a cohort holds 16 at most (two join later)
    monday = today - timedelta(days=today.weekday())
    starts = [
        monday - timedelta(weeks=40),
        monday - timedelta(weeks=24),
        monday - timedelta(weeks=5),
        monday + timedelta(weeks=3),
    ]
    codes = []
    for i, start in enumerate(starts):
        codes.append(
            cohorts.create_cohort(
                vault,
                rng.choice(("V01", "V02", "V03")),
                start + timedelta(days=i % 3),
                ("10:00", "13:00", "18:30")[i % 3],
                facilitators=rng.sample(FACILITATORS, 2),
                topics=ELEVEN if i == 1 else TWELVE,
                capacity=16 if i == 2 else 20,
                creche=i != 1,
            )
        )
    keen: dict[str, float] = {}
    for code, start in zip(codes[:3], starts[:3], strict=True):
        people = _people(vault, rng, size, start - timedelta(days=20))
        for p in people:
            participants.enrol(vault, code, p, start - timedelta(days=7))
            keen[p] = rng.choice((0.95, 0.9, 0.85, 0.7, 0.5))
        participants.start_cohort(vault, code, start)
        if code == codes[2]:
            # Rolling entry: two women join the running cohort after its first sessions.
            _run_sessions(vault, rng, code, start + timedelta(weeks=2, days=1), keen)
            for p in _people(vault, rng, 2, start + timedelta(weeks=2)):
                participants.enrol(vault, code, p, start + timedelta(weeks=2))
                keen[p] = 0.9
        if code == codes[1]:
            # Catch-up places for women from the first cohort who missed several sessions.
            first = attendance.load_grid(vault.conn, codes[0])
            for row in first.rows:
                if row.attended < 9 and rng.random() < 0.6:
                    participants.enrol(vault, code, row.participant_code, start - timedelta(days=3))
        _run_sessions(vault, rng, code, today, keen)
    for p in _people(vault, rng, max(3, round(6 * scale)), today - timedelta(days=30)):
        participants.add_to_waiting(vault, p, today - timedelta(days=rng.randint(1, 40)))
