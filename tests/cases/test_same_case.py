"""The same victim and perpetrator referred again before the hearing (Police on 1 October, Health on
3 October, both heard 14 October) is one case with two referring agencies (issue 17 item 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dv_forum.cases import importer, referrals
from dv_forum.cases.linkage import Identity
from dv_forum.cases.same_case import SameCase, add_referrer
from dv_forum.vault import Vault

ANN = Identity("Archer", "Ann", "1985-04-03")
BOB = Identity("Baker", "Bob", "1980-01-02")


def count(vault: Vault) -> tuple[int, int]:
    return tuple(vault.conn.execute("SELECT count(*), coalesce(sum(is_repeat), 0) FROM referrals").fetchone())


def test_a_second_referral_before_the_hearing_is_refused_with_the_way_forward(vault: Vault) -> None:
    first = referrals.create(vault, {"referral_date": "2026-10-01", "referring_agency": "Police"}, ANN, BOB)
    with pytest.raises(SameCase) as exc:
        referrals.create(vault, {"referral_date": "2026-10-03", "referring_agency": "Health/GP"}, ANN, BOB)
    assert exc.value.case_ref == first and f"cases add-referrer {first}" in exc.value.next_step
    add_referrer(vault, first, "Health/GP", "2026-10-03")
    case = referrals.get(vault, first)
    assert case["further_referrers"] == [{"agency": "Health/GP", "referral_date": "2026-10-03"}]
    assert count(vault) == (1, 0)


def test_after_the_hearing_it_is_a_new_case_and_a_repeat(vault: Vault) -> None:
    referrals.create(vault, {"referral_date": "2026-10-01", "heard_date": "2026-10-14"}, ANN, BOB)
    referrals.create(vault, {"referral_date": "2026-10-20"}, ANN, BOB)
    assert count(vault) == (2, 1)


def test_an_import_folds_the_second_referral_into_the_first(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(
        "referral_date,heard_date,referring_agency,victim_id,perpetrator_id\n"
        "2025-10-01,2025-10-14,Police,V1,P1\n"
        "2025-10-03,2025-10-14,Health/GP,V1,P1\n"
        "2025-11-20,,Police,V1,P1\n"
    )
    result = importer.import_referrals(vault, path)
    assert (result.imported, result.folded) == (2, 1)
    first, later = result.refs
    assert referrals.get(vault, first)["further_referrers"] == [
        {"agency": "Health/GP", "referral_date": "2025-10-03"}
    ]
    assert referrals.get(vault, later)["repeat"] is True  # the third is a repeat of the one case
    assert count(vault) == (2, 1)


def test_the_cli_records_a_further_referrer(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    assert cli("init")[0] == 0
    path = tmp_path / "one.csv"
    path.write_text("referral_date,victim_id,perpetrator_id\n2026-10-01,V1,P1\n")
    code, out, _ = cli("import", "referrals", str(path), "--json")
    assert code == 0
    code, out, _ = cli("cases", "list", "--json")
    ref = json.loads(out)["cases"][0]["case_ref"]
    code, out, err = cli("cases", "add-referrer", ref, "Housing", "--date", "03/10/2026", "--json")
    assert code == 0, err
    assert json.loads(out)["further_referrers"] == [{"agency": "Housing", "referral_date": "2026-10-03"}]
    code, _, err = cli("cases", "add-referrer", ref, "Housing", "--date", "2026-09-01")
    assert code == 1 and "before the case's own" in err
