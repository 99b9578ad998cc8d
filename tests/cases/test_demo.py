from __future__ import annotations

import json
import random

from dv_forum.cases import case_list, demo, matches
from dv_forum.vault import Vault


def test_demo_referrals(vault: Vault) -> None:
    with vault.transaction():
        added = demo.generate(vault, random.Random(5))
    assert added == 300
    cases = case_list.list_cases(vault)
    assert len(cases) == 300
    repeats = sum(c["repeat"] for c in cases)
    assert 20 < repeats < 150
    assert {c["risk_band"] for c in cases} >= {"high", "medium"}
    assert {c["area"] for c in cases} >= {"Coalville", "Greenhill", "Measham"}
    assert all(c["previous_referral"] for c in cases if c["repeat"] and not c["previous_marac_elsewhere"])
    matches.offers(vault)  # runs on demo data
    # Same seed, same data.
    with vault.transaction():
        assert demo.generate(vault, random.Random(5), n=10) == 10


def test_demo_command(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("demo", "--scale", "0.2")
    assert code == 0, err
    env = {"DV_FORUM_PASSPHRASE": "demo vault passphrase", "DV_FORUM_USER": "coordinator"}
    code, out, err = cli("cases", "list", "--json", env=env)
    assert code == 0, err
    assert len(json.loads(out)["cases"]) == 60


def test_the_demos_repeats_look_like_the_same_people(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A repeat in the demo keeps its people's initials and gender, a little older, so the demo
    does not teach distrust of the repeat flag."""
    from dv_forum.demo import create_demo

    vault = create_demo(tmp_path / "demo")
    try:
        rows = vault.conn.execute(
            "SELECT r.victim_initials = p.victim_initials, r.victim_gender = p.victim_gender,"
            " r.victim_age - p.victim_age FROM referrals r JOIN referrals p ON p.id = r.repeat_of"
        ).fetchall()
    finally:
        vault.close()
    assert rows and all(
        same_initials and same_gender and 0 <= older <= 3 for same_initials, same_gender, older in rows
    )
