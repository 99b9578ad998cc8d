"""The CLI contract: exit codes, one clear line on errors, JSON output, vault commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PASSPHRASE


def test_version_and_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("dv-forum ")
    code, _, err = cli("no-such-command")
    assert code == 2 and "invalid choice" in err


def test_init_prints_the_recovery_key_once_then_verify_backup_restore(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("init")
    assert code == 0, err
    assert "RECOVERY KEY" in out and PASSPHRASE not in out
    code, out, _ = cli("verify", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": []}
    code, out, _ = cli("backup", str(tmp_path / "b.dvbak"))
    assert code == 0 and "encrypted" in out
    code, out, err = cli("restore", str(tmp_path / "b.dvbak"), "--to", str(tmp_path / "elsewhere"))
    assert code == 0, err
    code, out, _ = cli("verify", env={"DV_FORUM_VAULT": str(tmp_path / "elsewhere")})
    assert code == 0
    code, out, _ = cli("audit", "list", "--json")
    actions = [r["action"] for r in json.loads(out)["audit"]]
    assert {"vault.create", "unlock", "backup", "verify"} <= set(actions)
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out


def test_wrong_passphrase_is_one_clear_line_and_exit_1(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, out, err = cli("verify", env={"DV_FORUM_PASSPHRASE": "definitely not it"})
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not right" in err and "Traceback" not in err


def test_missing_vault_says_what_to_do(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("verify")
    assert code == 1 and "dv-forum init" in err


def test_no_passphrase_without_a_terminal_explains_the_options(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    monkeypatch.delenv("DV_FORUM_PASSPHRASE", raising=False)
    code, _, err = cli("verify", env={"DV_FORUM_PASSPHRASE": ""})
    assert code == 1  # an empty passphrase is simply wrong


def test_passphrase_file_and_users(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "kim")[0] == 0
    pf = tmp_path / "pass.txt"
    pf.write_text(PASSPHRASE + "\n")
    code, out, err = cli(
        "--passphrase-file",
        str(pf),
        "users",
        "add",
        "ann",
        "--role",
        "outreach",
        env={"DV_FORUM_NEW_PASSPHRASE": "ann temporary passphrase"},
    )
    assert code == 0, err
    code, out, err = cli("--user", "kim", "users", "list", "--json")
    assert code == 0, err
    assert {u["name"]: u["role"] for u in json.loads(out)["users"]} == {
        "kim": "coordinator",
        "ann": "outreach",
    }
    ann = {"DV_FORUM_PASSPHRASE": "ann temporary passphrase"}
    code, _, err = cli("--user", "ann", "users", "list", env=ann)
    assert code == 1 and "one-time passphrase" in err
    own = "ann's own chosen passphrase"
    ann_own = {"DV_FORUM_PASSPHRASE": own}
    code, _, err = cli("--user", "ann", "passwd", env={**ann, "DV_FORUM_NEW_PASSPHRASE": own})
    assert code == 0, err
    code, _, err = cli("--user", "ann", "users", "list", env=ann_own)
    assert code == 1 and "outreach role may not" in err
    code, _, err = cli("users", "list")
    assert code == 1 and "--user" in err


def test_audit_tampering_is_reported_by_audit_verify(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    from dv_forum.vault import Vault

    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    v.conn.execute("DROP TRIGGER audit_no_update")
    v.conn.execute("UPDATE audit SET user = 'someone else' WHERE id = 1")
    v.conn.close()
    v.conn = None  # type: ignore[assignment]
    code, _, err = cli("audit", "verify")
    assert code == 1 and "tampered" in err and "row 1" in err


def test_passwd_and_rotate_key(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, _, err = cli("passwd", env={"DV_FORUM_NEW_PASSPHRASE": "second good passphrase"})
    assert code == 0, err
    env = {"DV_FORUM_PASSPHRASE": "second good passphrase"}
    code, out, err = cli("rotate-key", env=env)
    assert code == 0 and "NEW RECOVERY KEY" in out, err
    assert cli("verify", env=env)[0] == 0


def test_unexpected_errors_are_reported_as_bugs_without_data(cli, monkeypatch, sandbox: Path) -> None:  # type: ignore[no-untyped-def]
    import dv_forum.cli.vault_cmds as cmds

    def boom(args, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("SECRET-CASE-DATA")

    monkeypatch.setattr(cmds, "cmd_verify", boom)
    code, out, err = cli("verify")
    assert code == 1 and "incident" in err and "SECRET-CASE-DATA" not in err
    reports = list((sandbox / "logs").glob("crash-*.txt"))
    assert reports and all("SECRET-CASE-DATA" not in r.read_text() for r in reports)


def test_users_remove(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    assert cli("users", "add", "ann", "--role", "outreach")[0] == 0
    code, out, err = cli("--user", "coordinator", "users", "remove", "ann")
    assert code == 0, err
    assert "Removed ann" in out and "NEW RECOVERY KEY" in out and "destroy the old ones" in out
    code, out, _ = cli("users", "list", "--json")
    assert [u["name"] for u in json.loads(out)["users"]] == ["coordinator"]
    code, _, err = cli("verify", env={"DV_FORUM_USER": "ann"})
    assert code == 1 and "not right" in err
