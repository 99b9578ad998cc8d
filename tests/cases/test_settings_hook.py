"""Changing a repeat rule recomputes the flags at once, so statistics never use stale ones."""

from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from dv_forum.cases.settings import REPEAT_MONTHS
from dv_forum.settings import set_setting
from dv_forum.vault import Vault


def _create(vault: Vault, day: str) -> str:
    return referrals.create(
        vault,
        {"referral_date": day, "area": "Coalville", "victim_gender": "F"},
        Identity(surname="Smith", forename="Ann", dob="1990-01-02"),
        Identity(surname="Jones", forename="Bob", dob="1988-03-04"),
    )


def test_a_shorter_window_unflags_a_repeat_immediately(vault: Vault) -> None:
    _create(vault, "2025-01-10")
    second = _create(vault, "2025-09-10")
    flag = "SELECT is_repeat FROM referrals WHERE case_ref = ?"
    assert vault.conn.execute(flag, (second,)).fetchone()[0] == 1
    with vault.transaction():
        set_setting(vault.conn, REPEAT_MONTHS, 6)
    assert vault.conn.execute(flag, (second,)).fetchone()[0] == 0


def test_free_text_refuses_control_and_direction_characters(vault: Vault) -> None:
    import pytest

    from dv_forum.errors import InputError

    for bad in ("note\x1b[31m", "abc\u202edcba"):
        with pytest.raises(InputError, match="control or text-direction"):
            referrals.create(
                vault,
                {"referral_date": "2025-01-10", "notes": bad},
                Identity(surname="Smith", forename="Ann", dob="1990-01-02"),
            )
    assert vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
