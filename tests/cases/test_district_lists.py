"""A partnership's lists: renaming moves every record, retiring keeps old records valid, aliases
steer imports, and a new vault names no district."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dv_forum import lists
from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from dv_forum.district import lists_edit, setup
from dv_forum.district.example import LOCALITIES
from dv_forum.errors import InputError, PermissionDenied, UserError
from dv_forum.outreach.clients import add_client
from dv_forum.stats.incidents import set_count
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE

VICTIM = Identity("Hill", "Jo", "1988-02-02")


def test_a_new_vault_names_no_district(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "v", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        done = setup.current(vault.conn)
        assert done.localities == [] and done.partnership == "" and done.ref_prefix == "MARAC"
        assert set(LOCALITIES) & set(done.agencies + done.marac_agencies) <= {"Other"}
        with pytest.raises(InputError, match="area: not in the locality list"):
            referrals.create(vault, {"referral_date": "2026-01-05", "area": "Coalville"}, VICTIM)
        ref = referrals.create(vault, {"referral_date": "2026-01-05"}, VICTIM)
        assert ref.startswith("MARAC-2026-")
    finally:
        vault.close()


def test_rename_moves_referrals_clients_and_incident_counts(vault: Vault) -> None:
    ref = referrals.create(vault, {"referral_date": "2026-01-05", "area": "Measham"}, VICTIM)
    add_client(vault, "2026-01-06", worker="coord", locality="Measham")
    with vault.transaction() as conn:
        set_count(conn, "2026-01", 4, "Measham")
        set_count(conn, "2026-01", 1, "Measham Town")  # counted under the new name already
    changed = lists_edit.rename(vault, "locality", "measham", "Measham Town").value
    assert changed == 3  # the referral, the client and the month's count (added to the new name's)
    assert referrals.get(vault, ref)["area"] == "Measham Town"
    row = vault.conn.execute("SELECT count FROM incident_counts WHERE area = 'Measham Town'").fetchone()
    assert row[0] == 5
    assert "Measham Town" in lists.get_list(vault.conn, "locality")
    assert lists.aliases(vault.conn, "locality")["measham"] == "Measham Town"


def test_rename_to_a_value_already_there_is_refused(vault: Vault) -> None:
    with pytest.raises(UserError, match="already a locality"):
        lists_edit.rename(vault, "locality", "Measham", "coalville")


def test_retired_value_stays_on_old_records_but_not_new_ones(vault: Vault) -> None:
    ref = referrals.create(vault, {"referral_date": "2026-01-05", "area": "Kegworth"}, VICTIM)
    lists_edit.retire(vault, "locality", "Kegworth")
    assert "Kegworth" not in lists.get_list(vault.conn, "locality")
    referrals.update(vault, ref, {"notes": "seen again"})  # its own area is still accepted
    assert referrals.get(vault, ref)["area"] == "Kegworth"
    with pytest.raises(InputError):
        referrals.create(
            vault, {"referral_date": "2026-02-05", "area": "Kegworth"}, Identity("B", "C", "1970-01-01")
        )
    assert lists_edit.add(vault, "locality", "kegworth").value == "Kegworth"  # brought back


def test_alias_must_be_another_spelling_of_a_real_value(vault: Vault) -> None:
    with pytest.raises(UserError, match="is not a locality"):
        lists_edit.alias(vault, "locality", "Ashby", "Atlantis")
    with pytest.raises(UserError, match="itself a locality"):
        lists_edit.alias(vault, "locality", "coalville", "Measham")
    lists_edit.alias(vault, "locality", "Ashby", "Ashby de la Zouch")
    shown = {e.value: e.aliases for e in lists_edit.show(vault.conn, "locality")}
    assert shown["Ashby de la Zouch"] == ["Ashby"]


def test_editing_an_unedited_agency_list_keeps_its_defaults(
    vault_factory: Callable[..., Vault], tmp_path: Path
) -> None:
    fresh, _ = Vault.create(tmp_path / "fresh", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        lists_edit.add(fresh, "agency", "Victim Support")
        assert lists.get_list(fresh.conn, "agency") == [*lists.DEFAULTS["agency"], "Victim Support"]
    finally:
        fresh.close()


def test_only_coordinators_edit_lists(vault_factory: Callable[..., Vault]) -> None:
    vault_factory()
    outreach = vault_factory("outreach")
    with pytest.raises(PermissionDenied):
        lists_edit.add(outreach, "locality", "Somewhere")


def test_setup_is_refused_whole(vault: Vault) -> None:
    bad = setup.current(vault.conn)
    bad.ref_prefix = "NO SPACES"
    bad.partnership = "Changed"
    with pytest.raises(UserError, match="prefix"):
        setup.apply(vault, bad)
    assert setup.current(vault.conn).partnership != "Changed"


def test_an_older_vault_keeps_the_lists_it_used(tmp_path: Path) -> None:
    """Vaults made before lists were stored used the built-in ones; the upgrade stores them."""
    from dv_forum.vault import migrations

    vault, _ = Vault.create(tmp_path / "old", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        with vault.transaction() as conn:
            conn.execute("DELETE FROM lists")
            conn.execute("DELETE FROM settings WHERE key = 'cases.ref_prefix'")
            conn.execute("DROP TABLE list_aliases")
            migrations.run_script(conn, migrations._step_sql("district_lists"))
        assert lists.get_list(vault.conn, "locality") == LOCALITIES
        assert setup.current(vault.conn).ref_prefix == "NWL"
    finally:
        vault.close()
