"""Synthetic vaults for the benchmarks, reproducible from a seed. Synthetic data only.

    .venv/bin/python bench/make_vault.py FOLDER [--scale realistic|county|N] [--seed 9]

Scales (referrals, outreach contacts, meetings, cohorts):
- realistic: 5,000 / 2,000 / 100 / 20 (one district)
- county:    100,000 / 30,000 / 1,000 / 200 (ten times a county)
- any integer N: N referrals, the rest in the realistic proportions (for the smoke test)

Referrals come with repeats: about a third return for an earlier victim-perpetrator pair, some
perpetrators offend against several victims, a few victims were confirmed to be the same person
(persons.canonical_id) and a few carry a previous MARAC elsewhere. Persons get random 32-byte link
keys. Rows go in with executemany in one transaction (the cases area's CSV import is measured
separately in run.py). ``referral_rows()`` yields the same referral dicts for a plain-SQLite
baseline, and ``write_csv()`` the same rows as an import file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dv_forum.vault import KdfParams, Vault  # noqa: E402
from dv_forum.vault.migrations import declared_schema_sql, run_script  # noqa: E402

USER = "coordinator"
PASSPHRASE = "benchmark vault passphrase"  # synthetic data only

FIRST_DAY = date(2022, 4, 1)
LAST_DAY = date(2026, 3, 31)
AREAS = [
    "Greenhill",
    "Agar Nook",
    "Coalville",
    "Whitwick",
    "Measham",
    "Ashby de la Zouch",
    "Ibstock",
    "Castle Donington",
]
# As the agency list spells them (dv_forum/lists.py): the import bench checks them against it.
AGENCIES = ["Police"] * 5 + [
    "IDVA service",
    "Children's social care",
    "Health/GP",
    "Housing",
    "Probation",
    "Mental health",
]
BANDS = ["high"] * 6 + ["medium", "standard"]
CRITERIA = ["visible_high_risk"] * 5 + ["professional_judgement", "escalation"]
IDVAS = [f"IDVA {i}" for i in range(1, 7)]
CONTACT_TYPES = ["home visit", "phone", "phone", "text", "office", "drop-in", "accompanied appointment"]
WORKERS = [f"worker{i}" for i in range(1, 9)]

REFERRAL_COLUMNS = [
    "id",
    "case_ref",
    "referral_date",
    "heard_date",
    "meeting_id",
    "referring_agency",
    "victim_id",
    "perpetrator_id",
    "victim_initials",
    "victim_gender",
    "victim_age",
    "bame",
    "disability",
    "lgbt",
    "children",
    "area",
    "perp_gender",
    "perp_age",
    "perp_under18",
    "dash_score",
    "risk_band",
    "criteria",
    "previous_marac_date",
    "idva",
    "status",
    "created_at",
    "updated_at",
]


@dataclass(frozen=True)
class Scale:
    name: str
    referrals: int
    contacts: int
    meetings: int
    cohorts: int


REALISTIC = Scale("realistic", 5_000, 2_000, 100, 20)
COUNTY = Scale("county", 100_000, 30_000, 1_000, 200)


def scale_named(text: str) -> Scale:
    if text == "realistic":
        return REALISTIC
    if text == "county":
        return COUNTY
    n = int(text)
    # At most one meeting a day over the four years (meetings.date is unique).
    meetings = min(max(4, n // 50), (LAST_DAY - FIRST_DAY).days // 2)
    return Scale(f"{n} referrals", n, max(20, n * 2 // 5), meetings, max(2, n // 250))


@dataclass
class Synthetic:
    """Everything generated for one vault: rows per table, in insert order."""

    persons: list[tuple[int, str, bytes, int | None]]
    referrals: list[dict[str, Any]]
    meetings: list[tuple[int, str, str, str, str]]
    extra: dict[str, list[tuple[Any, ...]]]


def _meeting_dates(n: int) -> list[date]:
    span = (LAST_DAY - FIRST_DAY).days
    step = span / n
    return [FIRST_DAY + timedelta(days=int(i * step) + 3) for i in range(n)]


def generate(scale: Scale, seed: int = 9) -> Synthetic:
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(scale.referrals))
    mdates = _meeting_dates(scale.meetings)
    meetings = [(i + 1, d.isoformat(), "CV-HUB", "DI Chair", "held") for i, d in enumerate(mdates)]
    persons: list[tuple[int, str, bytes, int | None]] = []

    def person(kind: str, canonical: int | None = None) -> int:
        pid = len(persons) + 1
        persons.append((pid, kind, rng.randbytes(32), canonical))
        return pid

    units: list[tuple[int, int | None]] = []
    perps: list[int] = []
    victims: list[int] = []
    referrals: list[dict[str, Any]] = []
    m = 0
    for i, day in enumerate(days):
        roll = rng.random()
        if units and roll < 0.33:  # a repeat for an earlier pair (recent pairs more likely)
            victim, perp = units[-1 - min(len(units) - 1, int(rng.expovariate(1 / 400)))]
        else:
            if victims and roll < 0.35:  # the same woman, confirmed as one person after a new entry
                victim = person("victim", canonical=rng.choice(victims))
            else:
                victim = person("victim")
                victims.append(victim)
            if roll > 0.95:
                perp = None  # perpetrator not known
            elif perps and roll > 0.85:
                perp = rng.choice(perps)  # a serial perpetrator
            else:
                perp = person("perpetrator")
                perps.append(perp)
            units.append((victim, perp))
        heard_day = day + timedelta(days=7)
        while m < len(mdates) and mdates[m] < heard_day:
            m += 1
        heard = mdates[m] if m < len(mdates) else None
        outside = day - timedelta(days=rng.randrange(30, 500)) if rng.random() < 0.03 else None
        referrals.append(
            {
                "id": i + 1,
                "case_ref": f"NWL-{day.year}-{i + 1:06d}",
                "referral_date": day.isoformat(),
                "heard_date": heard.isoformat() if heard else None,
                "meeting_id": m + 1 if heard else None,
                "referring_agency": rng.choice(AGENCIES),
                "victim_id": victim,
                "perpetrator_id": perp,
                "victim_initials": chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26)),
                "victim_gender": "M" if rng.random() < 0.05 else "F",
                "victim_age": rng.randrange(16, 85),
                "bame": int(rng.random() < 0.12),
                "disability": int(rng.random() < 0.08),
                "lgbt": int(rng.random() < 0.03),
                "children": rng.choice([0, 0, 1, 2, 3]),
                "area": rng.choice(AREAS),
                "perp_gender": None if perp is None else ("F" if rng.random() < 0.05 else "M"),
                "perp_age": None if perp is None else rng.randrange(16, 80),
                "perp_under18": 0,
                "dash_score": rng.randrange(8, 25),  # the default checklist has 24 questions
                "risk_band": rng.choice(BANDS),
                "criteria": rng.choice(CRITERIA),
                "previous_marac_date": outside.isoformat() if outside else None,
                "idva": rng.choice(IDVAS),
                "status": "closed" if day < LAST_DAY - timedelta(days=120) and rng.random() < 0.8 else "open",
                "created_at": f"{day.isoformat()}T09:00:00",
                "updated_at": f"{day.isoformat()}T09:00:00",
            }
        )
    return Synthetic(persons, referrals, meetings, _other_areas(scale, rng, len(referrals)))


def _other_areas(scale: Scale, rng: random.Random, n_referrals: int) -> dict[str, list[tuple[Any, ...]]]:
    span = (LAST_DAY - FIRST_DAY).days
    clients, contacts = [], []
    n_clients = max(1, scale.contacts // 5)
    for c in range(1, n_clients + 1):
        start = FIRST_DAY + timedelta(days=rng.randrange(span))
        link = rng.randrange(1, n_referrals + 1) if n_referrals and rng.random() < 0.3 else None
        clients.append(
            (
                c,
                f"OR-{c:05d}",
                link,
                start.isoformat(),
                "Police",
                rng.choice(AREAS),
                "",
                "phone",
                "mornings",
                rng.choice(WORKERS),
                "open",
                start.isoformat(),
                start.isoformat(),
            )
        )
    for k in range(1, scale.contacts + 1):
        c = rng.randrange(n_clients)
        at = date.fromisoformat(clients[c][3]) + timedelta(days=rng.randrange(200))
        contacts.append(
            (
                k,
                c + 1,
                f"{at.isoformat()}T10:00",
                clients[c][9],
                rng.choice(CONTACT_TYPES),
                int(rng.random() < 0.93),
                rng.choice([10, 20, 30, 60]),
                0,
                None,
                (at + timedelta(days=14)).isoformat(),
                at.isoformat(),
            )
        )
    cohorts, sessions, participants, enrolments, attendance = [], [], [], [], []
    for h in range(1, scale.cohorts + 1):
        start = FIRST_DAY + timedelta(days=rng.randrange(span - 90))
        cohorts.append(
            (
                h,
                f"FP-{h:04d}",
                "V01",
                "fac1;fac2",
                start.isoformat(),
                start.weekday(),
                "10:00",
                20,
                1,
                1,
                start.isoformat(),
            )
        )
        first_session = len(sessions) + 1
        for s in range(12):
            sessions.append(
                (len(sessions) + 1, h, s + 1, f"Topic {s + 1}", (start + timedelta(weeks=s)).isoformat(), 1)
            )
        for _ in range(12):
            p = len(participants) + 1
            participants.append((p, f"FPP-{p:05d}", None, "IDVA", 0, start.isoformat()))
            e = len(enrolments) + 1
            enrolments.append((e, h, p, start.isoformat()))
            for s in range(12):
                mark = "present" if rng.random() < 0.8 else rng.choice(["apologies", "absent"])
                attendance.append((e, first_session + s, mark, "fac1", start.isoformat()))
    return {
        "INSERT INTO outreach_clients (id, code, referral_id, referral_date, referral_source, locality, barriers,"
        " safe_method, safe_times, worker, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": clients,
        "INSERT INTO outreach_contacts (id, client_id, at, worker, type, safe, duration_min, risk_review,"
        " dash_score, next_contact, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": contacts,
        "INSERT INTO freedom_cohorts (id, code, venue_code, facilitators, start_date, weekday, start_time,"
        " capacity, creche, started, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)": cohorts,
        "INSERT INTO freedom_sessions (id, cohort_id, number, topic, session_date, held)"
        " VALUES (?, ?, ?, ?, ?, ?)": sessions,
        "INSERT INTO freedom_participants (id, code, referral_id, referral_source, creche_need, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)": participants,
        "INSERT INTO freedom_enrolments (id, cohort_id, participant_id, enrolled_date)"
        " VALUES (?, ?, ?, ?)": enrolments,
        "INSERT INTO freedom_attendance (enrolment_id, session_id, mark, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?, ?)": attendance,
    }


REFERRAL_INSERT = f"INSERT INTO referrals ({', '.join(REFERRAL_COLUMNS)}) VALUES ({', '.join('?' for _ in REFERRAL_COLUMNS)})"


def insert(conn: Any, data: Synthetic, referrals: bool = True) -> None:
    """Insert everything in one transaction (the connection must be in autocommit mode)."""
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO meetings (id, date, venue, chair, status) VALUES (?, ?, ?, ?, ?)", data.meetings
    )
    # Canonical ids point at earlier persons, so plain insert order satisfies the foreign key.
    conn.executemany(
        "INSERT INTO persons (id, kind, link_key, canonical_id) VALUES (?, ?, ?, ?)", data.persons
    )
    if referrals:
        conn.executemany(REFERRAL_INSERT, [tuple(r[c] for c in REFERRAL_COLUMNS) for r in data.referrals])
        for sql, rows in data.extra.items():
            conn.executemany(sql, rows)
    conn.execute("COMMIT")


def plain_schema(path: Path) -> sqlite3.Connection:
    """A plain (unencrypted) SQLite database with the vault's own schema and indexes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN")
    run_script(conn, declared_schema_sql())  # type: ignore[arg-type]
    conn.execute("COMMIT")
    return conn


def create_vault(folder: Path, kdf: KdfParams | None = None) -> Vault:
    """An empty vault set up as the demo's district (its localities are the synthetic data's)."""
    from dv_forum.district import setup
    from dv_forum.district.example import demo_setup

    vault, _ = Vault.create(folder, USER, PASSPHRASE, kdf=kdf or KdfParams())
    setup.apply(vault, demo_setup())
    return vault


def make_vault(
    folder: Path, scale: Scale, seed: int = 9, kdf: KdfParams | None = None
) -> tuple[Vault, Synthetic]:
    """Create the vault (floor KDF unless ``kdf`` is given) and fill it; return it open."""
    data = generate(scale, seed)
    vault = create_vault(folder, kdf)
    insert(vault.conn, data)
    return vault, data


def make_plain(path: Path, data: Synthetic) -> sqlite3.Connection:
    conn = plain_schema(path)
    insert(conn, data)
    return conn


CSV_COLUMNS = [
    c
    for c in REFERRAL_COLUMNS
    if c
    not in (
        "id",
        "victim_id",
        "perpetrator_id",
        "meeting_id",
        "status",
        "created_at",
        "updated_at",
        "risk_band",
    )
]


def csv_rows(data: Synthetic) -> Iterator[dict[str, Any]]:
    """The referrals as an import file would carry them: persons by a source-system id."""
    for r in data.referrals:
        row = {c: r[c] for c in CSV_COLUMNS}
        row["victim_id"] = f"V{r['victim_id']:07d}"
        row["perpetrator_id"] = "" if r["perpetrator_id"] is None else f"P{r['perpetrator_id']:07d}"
        yield row


def write_csv(path: Path, data: Synthetic) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, [*CSV_COLUMNS, "victim_id", "perpetrator_id"])
        writer.writeheader()
        writer.writerows(csv_rows(data))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", default="realistic")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    scale = scale_named(args.scale)
    t = time.perf_counter()
    vault, data = make_vault(args.folder, scale, args.seed)
    vault.close("bench")
    print(
        f"{scale.name}: {len(data.referrals)} referrals, {len(data.persons)} persons in "
        f"{time.perf_counter() - t:.1f} s; user {USER!r}, passphrase {PASSPHRASE!r}"
    )


if __name__ == "__main__":
    main()
