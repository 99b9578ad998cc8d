"""table_rows: the Cases screen's list as plain tuples, newest first; a first page is exactly the
head of the full list; stale repeat flags are recomputed before a page is shown."""

from __future__ import annotations

from dv_forum.cases import case_list, referrals
from dv_forum.cases.linkage import Identity
from dv_forum.vault import Vault

V1 = Identity("Smith", "Jane", "04/03/1980")
P1 = Identity("Brown", "Mark", "1975-01-02")
REPEAT = case_list.TABLE_COLUMNS.index("is_repeat")


def _make(vault: Vault, day: str, victim: Identity = V1) -> str:
    return referrals.create(vault, {"referral_date": day, "area": "Coalville"}, victim, P1)


def test_newest_first_plain_tuples_and_pages(vault: Vault) -> None:
    old = _make(vault, "2024-01-10", Identity("Ames", "Kay", "1970-01-01"))
    same_day_first = _make(vault, "2025-03-01", Identity("Bell", "Lou", "1971-01-01"))
    same_day_later = _make(vault, "2025-03-01", Identity("Cole", "May", "1972-01-01"))
    newest = _make(vault, "2025-06-30", Identity("Dunn", "Ned", "1973-01-01"))
    rows = case_list.table_rows(vault)
    assert all(type(r) is tuple and len(r) == len(case_list.TABLE_COLUMNS) for r in rows)
    # Newest referral date first; on the same date the later referral first.
    assert [r[0] for r in rows] == [newest, same_day_later, same_day_first, old]
    for n in (0, 1, 2, 3, 4, 10):
        assert case_list.table_rows(vault, limit=n) == rows[:n]
    details = [r[0] for r in vault.conn.execute("SELECT detail FROM audit WHERE action = 'case.list'")]
    assert "4 cases" in details and "newest 2 cases" in details


def test_a_page_with_stale_flags_is_recomputed_first(vault: Vault) -> None:
    _make(vault, "2024-02-29")
    second = _make(vault, "2025-02-28")
    # As if the repeat rules had changed elsewhere and the flags were not recomputed yet.
    with vault.transaction() as conn:
        conn.execute("UPDATE referrals SET repeat_rule = 'stale', is_repeat = 0")
    page = case_list.table_rows(vault, limit=1)
    assert page[0][0] == second and page[0][REPEAT] == 1
    assert case_list.table_rows(vault)[0][REPEAT] == 1
