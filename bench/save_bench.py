"""Saving a referral (issue 22): ``referrals.create`` and ``referrals.update`` on a filled vault,
against a plain single-row INSERT (UPDATE) of the same referral on the same connection, each in its
own transaction. The save recomputes the repeat flags of the units it touches
(dv_forum/cases/incremental.py); before issue 22 it recomputed the whole vault.

The created referrals are a short history of their own (three victim-perpetrator pairs, so most
saves are repeats); they and their persons are removed afterwards, so later measures see the vault
as it was built.
"""

from __future__ import annotations

from typing import Any

from measure import Result, add, measure, med

from dv_forum.cases import referrals
from dv_forum.cases.incremental import persons_of, recompute_for
from dv_forum.cases.linkage import Identity
from dv_forum.cases.recompute import recompute
from dv_forum.vault import Vault

# A save feels immediate under 0.1 s whatever the vault's size. The ratio to a plain single-row
# write (which keys no person, audits nothing and recomputes no flag) is reported beside it.
SAVE_GOAL_S = 0.1
FIELDS = {
    "referral_date": "2026-03-02",
    "referring_agency": "Police",
    "area": "Coalville",
    "dash_score": 16,
    "criteria": "visible_high_risk",
    "victim_gender": "F",
    "victim_age": 34,
}


def _plain_insert(vault: Vault, row: dict[str, Any], n: int) -> None:
    cols = [c for c in row if c != "id"]
    values = [f"PLAIN-{n}" if c == "case_ref" else row[c] for c in cols]
    conn = vault.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        f"INSERT INTO referrals ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",  # noqa: S608
        values,
    )
    conn.execute("COMMIT")


def _plain_update(vault: Vault, rid: int, day: str) -> None:
    conn = vault.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "UPDATE referrals SET referral_date = ?, updated_at = ? WHERE id = ?", (day, referrals.now(), rid)
    )
    conn.execute("COMMIT")


def bench_save(tag: str, vault: Vault, repeat: int) -> None:
    conn = vault.conn
    first_referral = int(conn.execute("SELECT coalesce(max(id), 0) FROM referrals").fetchone()[0]) + 1
    first_person = int(conn.execute("SELECT coalesce(max(id), 0) FROM persons").fetchone()[0]) + 1
    made: list[str] = []
    counter = iter(range(10**6))

    def create() -> None:
        i = next(counter)
        # A new victim each time (the same pair again before its hearing would be the same case),
        # with one of three perpetrators, so each save has a perpetrator history to recompute.
        who = (Identity(source_id=f"BENCH-V{i}"), Identity(source_id=f"BENCH-P{i % 3}"))
        made.append(referrals.create(vault, FIELDS, *who))

    runs = max(repeat, 5)
    ours_create = measure(create, runs)
    row = dict(conn.execute("SELECT * FROM referrals WHERE case_ref = ?", (made[-1],)).fetchone())
    base_create = measure(lambda: _plain_insert(vault, row, next(counter)), runs)
    days = iter(f"2026-02-{d:02d}" for d in range(1, 29))
    ours_edit = measure(lambda: referrals.update(vault, made[0], {"referral_date": next(days)}), runs)
    base_edit = measure(lambda: _plain_update(vault, row["id"], next(days)), runs)
    # The flag recompute alone, for the last created referral: its units against the whole vault.
    people = persons_of(conn, [row["id"]])
    units = measure(lambda: recompute_for(conn, people), runs)
    whole = measure(lambda: recompute(conn), runs)
    with vault.transaction():
        conn.execute("DELETE FROM referrals WHERE id >= ?", (first_referral,))
        conn.execute("DELETE FROM person_match_keys WHERE person_id >= ?", (first_person,))
        conn.execute("DELETE FROM persons WHERE id >= ?", (first_person,))
    for what, ours, base in (
        ("create", ours_create, base_create),
        ("edit (referral date)", ours_edit, base_edit),
    ):
        r = Result(
            tag,
            f"8 save a referral: {what} vs plain single-row write of it",
            ours,
            base,
            goal=f"< {SAVE_GOAL_S:g} s",
            note="referrals.create/update, flags of the touched units recomputed; own transaction each",
        )
        r.met = (med(ours) or 99) < SAVE_GOAL_S
        add(r)
    add(
        Result(
            tag,
            "8c a save's flag recompute: the touched units (incremental.recompute_for) vs the whole vault",
            units,
            whole,
            note=f"flags current; the same referral; {(med(whole) or 0) / (med(units) or 1):.0f} times less time",
        )
    )
