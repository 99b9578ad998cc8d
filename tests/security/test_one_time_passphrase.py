"""Issue 15 item 3 (CLI part): while a one-time passphrase is set, only a passphrase change works."""

from __future__ import annotations

from pathlib import Path

from dv_forum.vault import Vault
from tests.conftest import PASSPHRASE

OWN = "ann's own long passphrase here"


def test_the_cli_allows_only_passwd_with_a_one_time_passphrase(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    v.add_user("ann", "outreach", "a one time passphrase given", PASSPHRASE)
    v.close()
    ann = {"DV_FORUM_USER": "ann", "DV_FORUM_PASSPHRASE": "a one time passphrase given"}
    code, out, err = cli("users", "list", env=ann)
    assert code != 0 and "one-time passphrase" in err and "passwd" in err
    code, out, err = cli("passwd", env={**ann, "DV_FORUM_NEW_PASSPHRASE": OWN})
    assert code == 0, err
    code, out, err = cli("verify", env={"DV_FORUM_USER": "ann", "DV_FORUM_PASSPHRASE": OWN})
    assert "one-time" not in err


def test_a_one_time_passphrase_expires_and_a_coordinator_resets_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 item 3: a one-time passphrase not changed within session.one_time_days (7) no
    longer opens the vault; a coordinator gives a new one, which works (and must be changed)."""
    import pytest

    from dv_forum.errors import UserError

    assert cli("init")[0] == 0
    folder = tmp_path / "vault"
    v = Vault.open(folder, "coordinator", PASSPHRASE)
    v.add_user("ann", "outreach", "a one time passphrase given", PASSPHRASE)
    with v.transaction():  # issued eight days ago
        v.conn.execute(
            "UPDATE users SET one_time_at = datetime('now', '-8 days') || '+00:00' WHERE name = 'ann'"
        )
    v.close()
    with pytest.raises(UserError, match="one-time passphrase expired"):
        Vault.open(folder, "ann", "a one time passphrase given")
    code, out, err = cli(
        "--user",
        "coordinator",
        "users",
        "reset",
        "ann",
        env={"DV_FORUM_NEW_PASSPHRASE": "a fresh one time phrase"},
    )
    assert code == 0, err
    ann = Vault.open(folder, "ann", "a fresh one time phrase")
    try:
        assert ann.user.must_change
    finally:
        ann.close()
    # Six days old is still within the week.
    v = Vault.open(folder, "coordinator", PASSPHRASE)
    with v.transaction():
        v.conn.execute(
            "UPDATE users SET one_time_at = datetime('now', '-6 days') || '+00:00' WHERE name = 'ann'"
        )
    v.close()
    Vault.open(folder, "ann", "a fresh one time phrase").close()
