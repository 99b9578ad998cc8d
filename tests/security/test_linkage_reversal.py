"""Issue 15 item 6: with the vault open (and so the linkage secret), a stored date-of-birth-and-
initials key must not give a date of birth and initials back. It is kept to 2 bytes: every value
fits hundreds of candidates (bench/linkage_candidates.py counts the whole space), and possible
matches keep working, thinned by the ages the cases record."""

from __future__ import annotations

from datetime import date, timedelta

from dv_forum.cases import linkage, persons, referrals
from dv_forum.cases.linkage import Identity
from dv_forum.vault import Vault

SECRET = bytes(range(32))


def test_the_attack_finds_many_equally_good_candidates_not_one() -> None:
    """The attack on one person: try every date of birth in three years, with every pair of
    initials. The stored value fits many of them, not one."""
    keys = linkage.keys_for(Identity("Archer", "Ann", "1985-04-03"), SECRET)
    [stored] = [k for kind, k in keys.match if kind == linkage.MATCH_DOB_INITIALS]
    assert len(stored) == linkage.DOB_INITIALS_BYTES == 2
    hits = 0
    day = date(1984, 1, 1)
    letters = "abcdefghijklmnopqrstuvwxyz"
    while day < date(1987, 1, 1):  # 1,096 days x 676 initials: about 741,000 candidates
        iso = day.isoformat()
        hits += sum(linkage._mac(SECRET, "dobi", iso, s, f)[:2] == stored for s in letters for f in letters)
        day += timedelta(days=1)
    assert hits >= 2, hits  # more than her own date of birth and initials, already in 3 years
    # Over the 91 years a date of birth is looked for in, that is 30 times as many.
    assert hits * 30 >= 50, hits


def test_possible_matches_still_work_and_ages_thin_the_chance_ones(vault: Vault) -> None:
    same_a = referrals.create(
        vault, {"referral_date": "2026-01-05", "victim_age": "40"}, Identity("Smith", "Jane", "1985-06-07")
    )
    same_b = referrals.create(
        vault, {"referral_date": "2026-06-05", "victim_age": "41"}, Identity("Sharp", "Joan", "1985-06-07")
    )
    found = persons.possible_matches(vault.conn)
    assert [(m.refs_a, m.refs_b) for m in found] == [((same_a,), (same_b,))]
    # Two people sharing the short key by chance, whose recorded ages cannot be one birth year:
    # not offered.
    with vault.transaction() as conn:
        rows = conn.execute("SELECT victim_id FROM referrals").fetchall()
        key = conn.execute(
            "SELECT match_key FROM person_match_keys WHERE person_id = ? AND key_kind = 'dob_initials'",
            (rows[0][0],),
        ).fetchone()[0]
    other = referrals.create(
        vault, {"referral_date": "2026-02-01", "victim_age": "70"}, Identity("Old", "Olive", "1956-01-01")
    )
    with vault.transaction() as conn:
        pid = conn.execute("SELECT victim_id FROM referrals WHERE case_ref = ?", (other,)).fetchone()[0]
        conn.execute(
            "UPDATE person_match_keys SET match_key = ? WHERE person_id = ? AND key_kind = 'dob_initials'",
            (key, pid),
        )
    assert len(persons.possible_matches(vault.conn)) == 1
