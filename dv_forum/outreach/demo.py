"""Synthetic outreach data for the demo vault: clients for workers "ann", "bea" and "cat" with
contacts over the last nine months. Worker names only: the lead adds the matching demo users."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from dv_forum.lists import get_list
from dv_forum.outreach import clients, contacts
from dv_forum.outreach.onward import Onward
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, NO_ANSWER, SAFE_METHODS
from dv_forum.vault import Vault

WORKERS = ("ann", "bea", "cat")
SOURCES = ("Police", "Self", "IDVA service", "Health/GP", "Children's social care", "Housing")
# Contacts made (the demo's contacts all record what was discussed, so none is an unanswered try).
MADE_TYPES = tuple(t for t in CONTACT_TYPES if t != NO_ANSWER)
TYPE_WEIGHTS = (30, 35, 10, 10, 5, 10)


def generate(vault: Vault, rng: random.Random, scale: float) -> None:
    today = date.today()
    localities = get_list(vault.conn, "locality")
    case_refs = [r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals ORDER BY id")]
    for _ in range(max(6, round(30 * scale))):
        referred = today - timedelta(days=rng.randint(0, 270))
        barriers = [b for b in BARRIERS if rng.random() < 0.2]
        code = clients.add_client(
            vault,
            referred,
            worker=rng.choice(WORKERS),
            referral_source=rng.choice(SOURCES),
            locality=rng.choice(localities) if localities else None,
            barriers=barriers,
            safe_method=rng.choice(SAFE_METHODS),
            safe_times=rng.choice(("mornings", "weekdays 9-3", "after 7pm")),
            case=rng.choice(case_refs) if case_refs and rng.random() < 0.3 else None,
        )
        owner = clients.get_client(vault, code).worker
        when = datetime.combine(referred, datetime.min.time()) + timedelta(
            days=rng.randint(0, 6), hours=rng.randint(9, 17)
        )
        # Most clients are seen on time until today; a few have a missed follow-up (overdue) and
        # about a quarter finish their support and are closed.
        closing = rng.random() < 0.25
        slips = rng.random() < 0.2
        n = 0
        while when.date() <= today and n < 25:
            n += 1
            nxt = when.date() + timedelta(days=rng.randint(5, 21))
            review = n == 1 or rng.random() < 0.12
            onward = [
                Onward(
                    rng.choice(("Housing", "Solicitor", "GP", "Children's centre")),
                    when.date().isoformat(),
                    rng.choice((True, False, None)),
                )
            ]
            contacts.record_contact(
                vault,
                code,
                at=when,
                type=rng.choices(MADE_TYPES, TYPE_WEIGHTS)[0],
                safe=rng.random() < 0.93,
                duration_min=rng.choice((10, 20, 30, 45, 60, 90)),
                risk_review=review,
                dash_score=rng.randint(4, 22) if review else None,
                new_incident=not review and rng.random() < 0.04,
                safety_plan="created" if n == 1 else rng.choice(("none", "none", "updated")),
                issues=rng.sample(ISSUES, rng.randint(0, 3)),
                barriers_met=[b for b in barriers if rng.random() < 0.5],
                onward=onward if rng.random() < 0.2 else [],
                next_contact=nxt,
                worker=owner,
            )
            late = rng.randint(10, 30) if slips and nxt > today - timedelta(days=40) else 0
            when = datetime.combine(nxt + timedelta(days=late), datetime.min.time()) + timedelta(
                hours=rng.randint(9, 17)
            )
            if closing and n >= 4:
                clients.close_client(vault, code, today)
                break
