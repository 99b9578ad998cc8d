"""Synthetic referrals for demo vaults: invented people, realistic shape, some repeats.

Identities are made up ("Demo" surnames with a number) and go through the same linkage keys as real
ones, so repeats and possible matches arise the way they would in use.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from dv_forum.cases import dash
from dv_forum.cases.linkage import Identity, PersonKeys, keys_for
from dv_forum.cases.persons import PersonResolver
from dv_forum.cases.recompute import recompute
from dv_forum.cases.referrals import CaseRefs, now
from dv_forum.lists import get_list
from dv_forum.vault import Vault

# Hotspots first and heavier (domain.md section 1): Greenhill, Agar Nook, Coalville, Whitwick,
# Measham rising.
AREA_WEIGHTS = {
    "Coalville": 18,
    "Greenhill": 16,
    "Agar Nook": 12,
    "Whitwick": 11,
    "Measham": 10,
    "Ashby de la Zouch": 8,
    "Ibstock": 7,
    "Castle Donington": 5,
    "Kegworth": 4,
    "Other": 2,
}
AGENCY_WEIGHTS = {
    "Police": 55,
    "IDVA service": 10,
    "Children's social care": 8,
    "Health/GP": 6,
    "Housing": 5,
    "Women's Aid": 5,
    "Mental health": 3,
    "Probation": 3,
    "Drug and alcohol service": 3,
    "Other": 2,
}
IDVAS = ("IDVA 1", "IDVA 2", "IDVA 3")


def _pick(rng: random.Random, weights: dict[str, int], allowed: list[str]) -> str:
    names = [n for n in weights if n in allowed] or allowed
    return rng.choices(names, [weights.get(n, 1) for n in names])[0]


def _same_people(first: dict[str, Any], row: dict[str, Any]) -> None:
    """A repeat's people are the first case's: the same initials and genders, a few years older."""
    years = (
        date.fromisoformat(row["referral_date"]) - date.fromisoformat(first["referral_date"])
    ).days // 365
    for key in ("victim_initials", "victim_gender", "perp_gender"):
        row[key] = first[key]
    row["victim_age"] = first["victim_age"] + years
    if first["perp_age"] is not None and row["perp_age"] is not None:
        row["perp_age"] = first["perp_age"] + years
        row["perp_under18"] = int(row["perp_age"] < 18)


def _person(rng: random.Random, n: int, kind: str) -> Identity:
    dob = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    if kind == "perpetrator" and rng.random() < 0.3:
        return Identity(source_id=f"DEMO-P{n:05d}")
    return Identity(f"Demo{kind[0]}{n}", f"Person{n}", dob.isoformat())


def _answers(rng: random.Random, inst: dash.Instrument, target: int) -> dict[str, str]:
    ids = list(inst.question_ids)
    yes = set(rng.sample(ids, min(target, len(ids))))
    return {q: "yes" if q in yes else rng.choice(("no", "no", "dk")) for q in ids}


def _meeting_dates(start: date, end: date) -> list[date]:
    """Fortnightly Wednesdays."""
    d = start + timedelta(days=(2 - start.weekday()) % 7)
    out = []
    while d <= end:
        out.append(d)
        d += timedelta(days=14)
    return out


def generate(vault: Vault, rng: random.Random, scale: float = 1.0, n: int | None = None) -> int:
    """Add about 300 x scale referrals over the last ~3 years; return how many were added."""
    count = n if n is not None else max(20, round(300 * scale))
    conn = vault.conn
    areas = get_list(conn, "locality")
    agencies = get_list(conn, "agency")
    inst = dash.instrument(dash.DEFAULT_INSTRUMENT)
    resolver = PersonResolver(conn, preload=True)
    refs: dict[int, CaseRefs] = {}  # one numbering per referral year, as in real use
    end = date.today() - timedelta(days=7)
    start = end - timedelta(days=3 * 365)
    meetings = _meeting_dates(start, end + timedelta(days=30))
    # Earlier cases to repeat, with the row of the pair's first case: a repeat keeps its people's
    # initials, gender and birth years, so the demo's repeats look like the same people.
    pairs: list[tuple[PersonKeys, PersonKeys | None, str | None, int]] = []
    rows: list[dict[str, Any]] = []
    stamp = now()
    dates = sorted(start + timedelta(days=rng.randint(0, (end - start).days)) for _ in range(count))
    for i, ref_date in enumerate(dates):
        if ref_date.year not in refs:
            refs[ref_date.year] = CaseRefs(conn, ref_date.year)
        repeat_of = rng.choice(pairs) if pairs and rng.random() < 0.28 else None
        if repeat_of:
            victim, perp, area, first = repeat_of
        else:
            victim = keys_for(_person(rng, i, "victim"), resolver.secret)
            perp = keys_for(_person(rng, i, "perpetrator"), resolver.secret) if rng.random() < 0.97 else None
            area = _pick(rng, AREA_WEIGHTS, areas) if areas else None
        pairs.append((victim, perp, area, repeat_of[3] if repeat_of else len(rows)))
        target = max(0, min(24, round(rng.gauss(15, 4))))
        answers = _answers(rng, inst, target)
        score = dash.score(answers)
        crit = ["visible_high_risk"] if score >= dash.HIGH_FROM else ["professional_judgement"]
        if rng.random() < 0.1:
            crit.append("escalation")
        heard = next((m for m in meetings if m >= ref_date + timedelta(days=5)), None)
        age = max(16, min(85, round(rng.gauss(34, 11))))
        perp_age = max(15, min(85, age + rng.randint(-6, 10)))
        rows.append(
            {
                "case_ref": refs[ref_date.year].next(),
                "referral_date": ref_date.isoformat(),
                "heard_date": heard.isoformat() if heard and heard <= end else None,
                "referring_agency": _pick(rng, AGENCY_WEIGHTS, agencies),
                "victim_id": resolver.resolve("victim", victim),
                "perpetrator_id": resolver.resolve("perpetrator", perp) if perp else None,
                "victim_initials": "".join(rng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(2)),
                "victim_gender": rng.choices(("F", "M", "X"), (92, 7, 1))[0],
                "victim_age": age,
                "bame": int(rng.random() < 0.08),
                "disability": int(rng.random() < 0.12),
                "lgbt": int(rng.random() < 0.03),
                "pregnant": int(rng.random() < 0.06),
                "children": rng.choices((0, 1, 2, 3, 4), (35, 25, 22, 12, 6))[0],
                "area": area,
                "perp_gender": rng.choices(("M", "F"), (93, 7))[0] if perp else None,
                "perp_age": perp_age if perp else None,
                "perp_under18": int(perp_age < 18) if perp else None,
                "alcohol": int(rng.random() < 0.35),
                "drugs": int(rng.random() < 0.2),
                "dash_instrument": inst.id,
                "dash_version": inst.version,
                "dash_answers": json.dumps(answers, sort_keys=True),
                "dash_score": score,
                "risk_band": dash.band_for(score),
                "criteria": ";".join(crit),
                "pj_reason": None if score >= dash.HIGH_FROM else "Demo: escalating controlling behaviour",
                "victim_aware": int(rng.random() < 0.85),
                "consent": int(rng.random() < 0.6),
                "previous_marac_date": (
                    (ref_date - timedelta(days=rng.randint(60, 500))).isoformat()
                    if rng.random() < 0.03
                    else None
                ),
                "previous_marac_where": None,
                "idva": rng.choice(IDVAS),
                "status": "closed" if ref_date < end - timedelta(days=120) else "open",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        if rows[-1]["previous_marac_date"]:
            rows[-1]["previous_marac_where"] = "Another district"
        if repeat_of:
            _same_people(rows[first], rows[-1])
    resolver.flush()
    heard_dates = sorted({r["heard_date"] for r in rows if r["heard_date"]})
    conn.executemany("INSERT OR IGNORE INTO meetings (date) VALUES (?)", [(d,) for d in heard_dates])
    meeting_ids = {d: i for i, d in conn.execute("SELECT id, date FROM meetings")}
    cols = [*rows[0].keys(), "meeting_id"]
    conn.executemany(
        f"INSERT INTO referrals ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [(*r.values(), meeting_ids.get(r["heard_date"])) for r in rows],
    )
    recompute(conn)
    return len(rows)
