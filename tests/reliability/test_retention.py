"""S18: retention purge (dry run, purge, VACUUM), the 12-month repeat guard, erasure with a reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from dv_forum.cases import retention
from dv_forum.errors import PermissionDenied, UserError
from dv_forum.settings import set_setting
from dv_forum.vault import Vault
from dv_forum.vault.header import DB_NAME
from tests.reliability import seed

TODAY = date(2026, 6, 15)
MARK = "RETMARKER"


def _count(v: Vault, sql: str, *args: object) -> int:
    return int(v.conn.execute(sql, args).fetchone()[0])


def _world(v: Vault) -> dict[str, int]:
    """Old closed cases (due), an old open case, a recently closed case, a case referred 11 months
    ago but closed 'long ago' by a policy of 0 years, each with MARAC, outreach and Freedom links."""
    ids: dict[str, int] = {}
    meeting = seed.add_meeting(v, "2018-03-01")
    for i in range(40):
        ref = f"OLD-{i:03d}"
        ids[ref] = seed.add_referral(
            v,
            ref,
            "2018-01-10",
            status="closed",
            closed_date="2019-02-01",
            notes=f"{MARK}-{ref}-" + "n" * 1900,
        )
        seed.hear(v, meeting, ids[ref], f"{MARK}-{ref}")
    ids["OPEN-OLD"] = seed.add_referral(v, "OPEN-OLD", "2015-05-05", notes="still open")
    ids["CLOSED-RECENT"] = seed.add_referral(
        v, "CLOSED-RECENT", "2022-01-01", status="closed", closed_date="2023-01-01"
    )
    ids["REFERRED-11M"] = seed.add_referral(
        v, "REFERRED-11M", "2025-07-20", status="closed", closed_date="2025-09-01"
    )
    ids["NO-CLOSED-DATE"] = seed.add_referral(v, "NO-CLOSED-DATE", "2010-01-01", status="closed")
    seed.add_outreach_client(v, "OC-1", ids["OLD-000"])
    seed.add_freedom_participant(v, "FP-1", ids["OLD-001"])
    return ids


def test_s18_dry_run_changes_nothing_and_lists_only_due_cases(vault: Vault) -> None:
    _world(vault)
    before = _count(vault, "SELECT count(*) FROM referrals")
    report = retention.report(vault, TODAY)
    assert sorted(c.case_ref for c in report.due) == [f"OLD-{i:03d}" for i in range(40)]
    assert report.kept_no_closed_date == 1
    assert _count(vault, "SELECT count(*) FROM referrals") == before


def test_s18_purge_removes_dependents_vacuums_and_audits(vault: Vault) -> None:
    ids = _world(vault)
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result = retention.purge(vault, TODAY)
    assert result.purged == 40
    refs = {r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")}
    assert refs == {"OPEN-OLD", "CLOSED-RECENT", "REFERRED-11M", "NO-CLOSED-DATE"}
    old_ids = [ids[f"OLD-{i:03d}"] for i in range(40)]
    marks = " OR ".join(["{col} LIKE '%" + MARK + "%'"])
    for table, col in (
        ("agenda_items", "summary"),
        ("actions", "description"),
        ("minutes", "info_shared"),
        ("referrals", "notes"),
    ):
        assert _count(vault, f"SELECT count(*) FROM {table} WHERE {marks.format(col=col)}") == 0, table
    placeholders = ",".join("?" * len(old_ids))
    for table in ("agenda_items", "actions", "minutes"):
        assert (
            _count(vault, f"SELECT count(*) FROM {table} WHERE referral_id IN ({placeholders})", *old_ids)
            == 0
        )
    # Links from outreach and Freedom records are cut, the records themselves stay.
    assert (
        vault.conn.execute("SELECT referral_id FROM outreach_clients WHERE code = 'OC-1'").fetchone()[0]
        is None
    )
    assert (
        vault.conn.execute("SELECT referral_id FROM freedom_participants WHERE code = 'FP-1'").fetchone()[0]
        is None
    )
    # Persons referred only by purged cases go too (their keyed hashes are personal data).
    assert _count(vault, "SELECT count(*) FROM persons") == 2 * 4
    assert _count(vault, "SELECT count(*) FROM person_match_keys") == 4
    # VACUUM: the freed pages left the file, and nothing sits on the free list.
    assert result.pages_after < result.pages_before - 20
    assert _count(vault, "PRAGMA freelist_count") == 0
    assert (Path(vault.folder) / DB_NAME).stat().st_size == result.pages_after * 4096
    assert vault.verify() == []
    audited = [r[0] for r in vault.conn.execute("SELECT ref FROM audit WHERE action = 'case.purge'")]
    assert sorted(audited) == [f"OLD-{i:03d}" for i in range(40)]
    assert _count(vault, "SELECT count(*) FROM audit WHERE action = 'retention.purge'") == 1
    # A second purge has nothing to do.
    assert retention.purge(vault, TODAY).purged == 0


def test_s18_a_case_referred_11_months_ago_is_never_purged_so_repeats_flag(vault: Vault) -> None:
    key = b"k" * 32
    seed.add_referral(vault, "R-11M", "2025-07-20", status="closed", closed_date="2025-08-01", victim_key=key)
    seed.add_referral(vault, "R-13M", "2025-05-10", status="closed", closed_date="2025-05-20")
    with vault.transaction():
        set_setting(vault.conn, retention.RETENTION_YEARS, 0)  # the most aggressive policy
    report = retention.report(vault, TODAY)
    assert [c.case_ref for c in report.due] == ["R-13M"]
    assert report.kept_recent == 1
    retention.purge(vault, TODAY)
    assert [r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")] == ["R-11M"]
    # The victim's keyed hash survives, so a new referral of the same person still links to it.
    assert _count(vault, "SELECT count(*) FROM persons WHERE link_key = ?", key) == 1


def test_s18_erasure_needs_a_reason_and_is_audited(vault: Vault) -> None:
    seed.add_referral(vault, "ERASE-1", "2026-01-01", notes=f"{MARK} erase me")
    seed.add_referral(vault, "KEEP-1", "2026-01-02")
    with pytest.raises(UserError):
        retention.erase_case(vault, "ERASE-1", "   ")
    with pytest.raises(UserError):
        retention.erase_case(vault, "NOPE-1", "typo")
    retention.erase_case(vault, "ERASE-1", "entered on the wrong vault")
    assert [r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")] == ["KEEP-1"]
    row = vault.conn.execute("SELECT ref, detail FROM audit WHERE action = 'case.erase'").fetchone()
    assert tuple(row) == ("ERASE-1", "entered on the wrong vault")
    assert _count(vault, "PRAGMA freelist_count") == 0
    assert vault.verify() == []


@pytest.mark.parametrize("role", ["outreach", "chair"])
def test_s18_only_a_coordinator_may_purge_or_erase(vault_factory: Callable[..., Vault], role: str) -> None:
    coord = vault_factory()
    seed.add_referral(coord, "C-1", "2010-01-01", status="closed", closed_date="2010-02-01")
    other = vault_factory(role)
    for attempt in (
        lambda: retention.report(other, TODAY),
        lambda: retention.purge(other, TODAY),
        lambda: retention.erase_case(other, "C-1", "why"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert (
        _count(coord, "SELECT count(*) FROM audit WHERE action = 'denied' AND user = ?", other.user.name) == 3
    )
    assert _count(coord, "SELECT count(*) FROM referrals") == 1


def test_s18_cli_report_purge_and_erase(vault: Vault, cli: Callable[..., tuple[int, str, str]]) -> None:
    seed.add_referral(vault, "OLD-1", "2001-01-01", status="closed", closed_date="2002-01-01")
    seed.add_referral(vault, "NEW-1", date.today().isoformat())
    seed.add_referral(vault, "GONE-1", "2024-01-01")
    vault.close()
    code, out, _ = cli("retention", "report", "--json")
    assert code == 0
    assert [c["case_ref"] for c in json.loads(out)["due"]] == ["OLD-1"]
    code, _, err = cli("retention", "purge")
    assert code == 1 and "--yes" in err
    code, out, _ = cli("retention", "purge", "--yes", "--json")
    assert code == 0 and json.loads(out)["purged"] == 1
    code, out, _ = cli("cases", "erase", "GONE-1", "--reason", "duplicate entry")
    assert code == 0 and "GONE-1" in out
    code, out, _ = cli("settings", "set", "retention.years", "3")
    assert code == 0
    v = Vault.open(vault.folder, "coord", "correct horse battery staple")
    assert [r[0] for r in v.conn.execute("SELECT case_ref FROM referrals")] == ["NEW-1"]
    v.close()


def test_s18_purge_keeps_repeat_flags_right_through_the_real_referral_service(vault: Vault) -> None:
    """Referrals made through the cases service (identities keyed, flags computed): after a purge at
    the most aggressive policy, the flags equal a fresh recompute, a repeat of a retained case still
    flags, and a new referral of the same person links to the retained case by its keys alone."""
    from dv_forum.cases import recompute, referrals
    from dv_forum.cases.linkage import Identity

    ann = Identity("Example", "Ann", "01/02/1980")
    bea = Identity("Sample", "Bea", "03/04/1985")
    cat = Identity("Instance", "Cat", "05/06/1990")
    perp = Identity(source_id="P-1")

    def make(victim: Identity, day: str, closed: str | None = None, heard: str | None = None) -> str:
        raw = {"referral_date": day, "area": "Coalville", "heard_date": heard}
        if closed:
            raw |= {"status": "closed", "closed_date": closed}
        return referrals.create(vault, raw, victim, perp)

    def flag(ref: str) -> tuple[bool, str | None]:
        case = referrals.get(vault, ref)
        return case["repeat"], case["previous_referral"]

    ann_old = make(ann, "2018-01-10", "2019-02-01")  # due: closed long ago, referred long ago
    ann_kept = make(ann, "2025-07-20", "2025-08-01")  # closed, but referred 11 months before TODAY
    ann_new = make(ann, "2026-06-01", heard="2026-06-05")  # a repeat of the retained case
    bea_old = make(bea, "2025-04-01", "2025-04-20")  # due (referred 14 months before TODAY)
    bea_new = make(bea, "2026-03-01")  # 11 months after bea_old: a repeat of a purged case
    cat_old = make(cat, "2024-05-01", "2024-06-01")  # due
    cat_mid = make(cat, "2025-04-01", "2025-05-01")  # a repeat of cat_old; due itself
    assert flag(ann_new) == (True, ann_kept)
    assert flag(bea_new) == (True, bea_old)
    assert flag(cat_mid) == (True, cat_old)
    with vault.transaction():
        set_setting(vault.conn, retention.RETENTION_YEARS, 0)

    assert retention.purge(vault, TODAY).purged == 4
    kept = {r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")}
    assert kept == {ann_kept, ann_new, bea_new} and ann_old not in kept
    # The stored flags are the recomputed ones (no repeat pointing at nothing), and stay so.
    assert recompute.recompute(vault.conn).changed == 0
    assert flag(ann_new) == (True, ann_kept)
    # Its earlier case is purged, but the figures it was reported in must not change: it stays a
    # repeat of the purged case's stub, which has no case reference to show.
    assert flag(bea_new) == (True, None)
    assert referrals.get(vault, bea_new)["repeat_of"] < 0
    assert (
        _count(
            vault,
            "SELECT count(*) FROM referrals WHERE is_repeat = 1 AND repeat_of IS NULL "
            "AND repeat_outside_date IS NULL",
        )
        == 0
    )
    # The retained victim's keys survived the purge: a new referral still links and flags.
    again = make(ann, "2026-06-10")
    assert flag(again) == (True, ann_new)
    # Erasing the case a repeat points at re-links the repeat to the case before it.
    retention.erase_case(vault, ann_new, "entered twice")
    assert recompute.recompute(vault.conn).changed == 0
    assert flag(again) == (True, ann_kept)
    assert vault.verify() == []
