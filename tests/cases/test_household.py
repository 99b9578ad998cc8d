"""Children as records and perpetrators after the first: saved with the referral, counted from the
records, keyed like the first perpetrator, and never storing a name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dv_forum.cases import household, household_service, referrals
from dv_forum.cases.household import Child, Perpetrator, child, perpetrator
from dv_forum.cases.linkage import Identity
from dv_forum.errors import InputError, UserError
from dv_forum.vault import Vault

V1 = Identity("Smith", "Jane", "04/03/1980")
P1 = Identity("Brown", "Mark", "1975-01-02")
P2 = Identity("Zqxbrother", "Carl", "1990-05-06")


def make(vault: Vault, **extra: Any) -> str:
    return referrals.create(vault, {"referral_date": "2025-01-10", **extra}, V1, P1)


def test_child_from_typed_values() -> None:
    assert child("4", "Step-child", "not related", "Unknown") == Child(
        4, "step_child", "not_related", "not_known"
    )
    assert child("expected", "child", "child", "yes").age is None
    with pytest.raises(InputError) as exc:
        child("18", "cousin", "child", "maybe")
    assert len(exc.value.problems) == 3


def test_children_records_set_the_counts(vault: Vault) -> None:
    kids = [
        child(3, "child", "child", "yes"),
        child(12, "step_child", "not_related", "no"),
        child(None, "child", "child", "not_known"),
    ]
    ref = make(vault, children="1", children_ages="0-4")
    referrals.update(vault, ref, {}, children=kids)
    case = referrals.get(vault, ref)
    assert case["children"] == 3 and case["children_ages"] == ["0-4", "11-15"]
    assert [c["age"] for c in case["child_records"]] == [3, 12, None]
    assert case["child_records"][2]["expected"] is True
    # A count typed over the records does not stand while there are records.
    referrals.update(vault, ref, {"children": "7"})
    assert referrals.get(vault, ref)["children"] == 3
    household_service.remove_child(vault, ref, 1)
    assert referrals.get(vault, ref)["children_ages"] == ["11-15"]


def test_a_referral_without_records_keeps_its_typed_count(vault: Vault) -> None:
    ref = make(vault, children="2", children_ages="0-4;5-10")
    referrals.update(vault, ref, {"notes": "seen"})
    assert referrals.get(vault, ref)["children"] == 2


def test_removing_the_last_child_record_leaves_none(vault: Vault) -> None:
    ref = make(vault)
    household_service.add_child(vault, ref, child(5, "child", "child", "no"))
    household_service.remove_child(vault, ref, 1)
    case = referrals.get(vault, ref)
    assert case["children"] == 0 and case["child_records"] == []
    with pytest.raises(UserError):
        household_service.remove_child(vault, ref, 1)


def test_victim_aged_16_or_17_warns_and_saves(vault: Vault) -> None:
    warnings: list[str] = []
    ref = referrals.create(vault, {"referral_date": "2025-01-10", "victim_age": "16"}, V1, warnings=warnings)
    assert ref and "children's social care" in warnings[0]
    assert household_service.add_child(vault, ref, child(0, "child", "child", "yes"))
    adult: list[str] = []
    referrals.update(vault, ref, {"victim_age": "30"}, warnings=adult)
    assert adult == []


def test_further_perpetrators_are_keyed_and_kept(vault: Vault) -> None:
    ref = make(vault, perp_relationship="Ex-partner")
    second = perpetrator("m", "16", None, "family member", identity=P2)
    n, _ = household_service.add_perpetrator(vault, ref, P2, second)
    assert n == 2
    listed = household_service.perpetrators(vault, ref)
    assert [(p["n"], p["relationship"]) for p in listed] == [(1, "ex_partner"), (2, "family")]
    assert listed[1]["under18"] is True and listed[1]["gender"] == "M"
    # Kept by number on a later save: the person key does not need the identity again.
    referrals.update(vault, ref, {"notes": "x"}, perpetrators=[Perpetrator("M", 17, True, "family", n=2)])
    assert household_service.perpetrators(vault, ref)[1]["age"] == 17
    rows = vault.conn.execute("SELECT person_id FROM case_perpetrators").fetchall()
    kinds = vault.conn.execute("SELECT kind FROM persons WHERE id = ?", (rows[0][0],)).fetchone()
    assert kinds[0] == "perpetrator"
    for table in ("case_perpetrators", "persons", "referrals", "audit"):
        for row in vault.conn.execute(f"SELECT * FROM {table}"):
            assert "zqxbrother" not in repr(tuple(row)).casefold()


def test_perpetrator_numbers_and_removal(vault: Vault) -> None:
    ref = referrals.create(vault, {"referral_date": "2025-01-10"}, V1)
    # The first added to a case without one becomes its own perpetrator.
    n, _ = household_service.add_perpetrator(
        vault, ref, P1, perpetrator("f", None, None, "partner", identity=P1)
    )
    assert n == 1 and referrals.get(vault, ref)["perp_relationship"] == "partner"
    household_service.add_perpetrator(vault, ref, P2, perpetrator(identity=P2))
    with pytest.raises(UserError):
        household_service.remove_perpetrator(vault, ref, 1)
    with pytest.raises(UserError):
        household_service.remove_perpetrator(vault, ref, 3)
    household_service.remove_perpetrator(vault, ref, 2)
    assert [p["n"] for p in household_service.perpetrators(vault, ref)] == [1]


def test_a_new_further_perpetrator_needs_an_identity(vault: Vault) -> None:
    ref = make(vault)
    with pytest.raises(InputError) as exc:
        referrals.update(vault, ref, {}, perpetrators=[Perpetrator("M", identity=Identity("Only", "", ""))])
    assert "perpetrator_2" in str(exc.value)
    with pytest.raises(InputError):
        perpetrator("Q", "200", None, "neighbour")


def test_derived_counts_is_the_one_rule() -> None:
    count, ages = household.derived_counts(
        [
            Child(4, "child", "child", "no"),
            Child(None, "child", "child", "no"),
            Child(17, "other", "not_known", "yes"),
        ]
    )
    assert count == 3 and json.loads(ages) == ["0-4", "16-17"]


def test_import_takes_the_first_perpetrators_relationship(vault: Vault, tmp_path: Any) -> None:
    from dv_forum.cases import importer

    path = tmp_path / "in.csv"
    path.write_text(
        "case_ref,referral_date,victim_id,perpetrator_id,perp_relationship\n"
        "IMP-1,2025-01-02,V-1,P-1,Ex-partner\nIMP-2,2025-01-03,V-2,P-2,\n",
        "utf-8",
    )
    assert importer.import_referrals(vault, path).imported == 2
    assert referrals.get(vault, "IMP-1")["perpetrators"][0]["relationship"] == "ex_partner"
    assert referrals.get(vault, "IMP-2")["perp_relationship"] is None
    bad = tmp_path / "bad.csv"
    bad.write_text("referral_date,victim_id,perp_relationship\n2025-01-02,V-3,neighbour\n", "utf-8")
    with pytest.raises(InputError):
        importer.import_referrals(vault, bad)
