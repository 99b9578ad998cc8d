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
