"""`cases children|child|perpetrators|perpetrator` and what `cases show` and `cases list` say."""

from __future__ import annotations

import json
from pathlib import Path

from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE


def _case(folder: Path) -> tuple[str, str]:
    v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        first = referrals.create(
            v,
            {"referral_date": "2025-01-10", "victim_age": 16},
            Identity("Doe", "Jane", "2008-01-01"),
            Identity("Roe", "Rick", "1988-02-02"),
        )
        other = referrals.create(v, {"referral_date": "2025-02-10"}, Identity("Poe", "Ann", "1990-01-01"))
        return first, other
    finally:
        v.close()


def test_children_commands(cli, tmp_path: Path) -> None:
    ref, _ = _case(tmp_path / "vault")
    code, out, _ = cli(
        "cases",
        "child",
        "add",
        ref,
        "--age",
        "3",
        "--to-victim",
        "child",
        "--to-perpetrator",
        "child",
        "--social-care",
        "yes",
        "--json",
    )
    assert code == 0
    added = json.loads(out)
    assert added["n"] == 1 and "children's social care" in added["warnings"][0]
    code, out, _ = cli(
        "cases", "child", "add", ref, "--expected", "--to-victim", "child", "--to-perpetrator", "not_known"
    )
    assert code == 0 and "Child 2 added" in out and "Warning:" in out
    code, out, _ = cli("cases", "children", ref, "--json")
    kids = json.loads(out)["children"]
    assert [(k["age"], k["expected"], k["social_care"]) for k in kids] == [
        (3, False, "yes"),
        (None, True, "not_known"),
    ]
    code, out, _ = cli("cases", "show", ref, "--json")
    shown = json.loads(out)
    assert shown["children"] == 2 and shown["children_ages"] == ["0-4"] and len(shown["child_records"]) == 2
    assert cli("cases", "child", "remove", ref, "1")[0] == 0
    code, out, _ = cli("cases", "show", ref)
    assert "children: 1" in out and "1. expected" in out
    code, _, err = cli("cases", "child", "remove", ref, "5")
    assert code != 0 and "no child 5" in err


def test_perpetrator_commands_and_the_serial_flag(cli, tmp_path: Path) -> None:
    ref, other = _case(tmp_path / "vault")
    ident = tmp_path / "who.csv"
    ident.write_text(
        "perpetrator_surname,perpetrator_forename,perpetrator_dob\nRoe,Rick,02/02/1988\n", "utf-8"
    )
    # The case without a perpetrator gets its first one: the same man as the other case's.
    code, out, _ = cli(
        "cases",
        "perpetrator",
        "add",
        other,
        "--identity-file",
        str(ident),
        "--gender",
        "m",
        "--relationship",
        "ex-partner",
        "--json",
    )
    assert code == 0 and json.loads(out)["n"] == 1
    code, out, _ = cli(
        "cases", "perpetrator", "add", ref, "--id", "POL-77", "--age", "16", "--relationship", "family member"
    )
    assert code == 0 and "Perpetrator 2 added" in out
    code, out, _ = cli("cases", "perpetrators", ref, "--json")
    found = json.loads(out)["perpetrators"]
    assert [(p["n"], p["relationship"], p["under18"]) for p in found] == [
        (1, None, None),
        (2, "family", True),
    ]
    code, out, _ = cli("cases", "list", "--json")
    assert {c["case_ref"]: c["serial_perp"] for c in json.loads(out)["cases"]} == {ref: True, other: True}
    code, out, _ = cli("cases", "show", other)
    assert "Serial perpetrator" in out and "relationship: ex_partner" in out
    code, _, err = cli("cases", "perpetrator", "remove", ref, "1")
    assert code != 0 and "stays with the referral" in err
    assert cli("cases", "perpetrator", "remove", ref, "2")[0] == 0
    code, out, _ = cli("cases", "show", ref, "--json")
    assert [p["n"] for p in json.loads(out)["perpetrators"]] == [1]
