"""`dv-forum settings list|get|set` cover every registered setting with the same checks as the app."""

from __future__ import annotations

import json

from dv_forum.settings import registry


def test_every_setting_is_listed_and_readable(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, out, err = cli("settings", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)["settings"]
    assert set(listed) == set(registry())
    assert listed["retention.years"]["value"] == 6
    code, out, _ = cli("settings", "get", "session.auto_lock_minutes")
    assert code == 0 and out.strip() == "5"


def test_set_session_auto_lock_and_read_it_back(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, out, err = cli("settings", "set", "session.auto_lock_minutes", "10")
    assert code == 0, err
    assert out.strip() == "session.auto_lock_minutes = 10"
    code, out, _ = cli("settings", "get", "session.auto_lock_minutes", "--json")
    assert json.loads(out)["session.auto_lock_minutes"]["value"] == 10
    code, out, _ = cli("audit", "list", "--json")
    assert any(r["action"] == "settings.change" for r in json.loads(out)["audit"])


def test_bad_values_and_unknown_keys_are_refused(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    code, _, err = cli("settings", "set", "repeat.window_months", "0")
    assert code == 1 and "whole number from 1 to 120" in err
    code, _, err = cli("settings", "set", "stats.basis", "sometimes")
    assert code == 1 and "one of heard, referred" in err
    code, _, err = cli("settings", "set", "no.such", "1")
    assert code == 1 and "no setting called no.such" in err and "settings list" in err
    code, out, _ = cli("settings", "get", "repeat.window_months")
    assert out.strip() == "12"


def test_other_roles_may_not_change_settings(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    assert cli("users", "add", "ann", "--role", "outreach")[0] == 0
    own = {"DV_FORUM_USER": "ann", "DV_FORUM_NEW_PASSPHRASE": "ann's own long passphrase here"}
    assert cli("passwd", env=own)[0] == 0  # a one-time passphrase allows nothing else
    env = {"DV_FORUM_PASSPHRASE": own["DV_FORUM_NEW_PASSPHRASE"]}
    code, _, err = cli("--user", "ann", "settings", "set", "outreach.due_horizon_days", "9", env=env)
    assert code == 1 and "may not change settings" in err
