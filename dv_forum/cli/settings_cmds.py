"""Settings commands: ``settings list|get|set``, all from the one registry in dv_forum.settings."""

from __future__ import annotations

from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.settings import Setting, change_settings, get_setting, registry, setting
from dv_forum.vault import Vault


def register(top: Commands) -> None:
    cmd = top.group("settings", "read and change the vault's settings (docs/settings.md lists them)")
    cmd("list", "every setting, its value and what it does", run_list, json=True)
    p = cmd("get", "one setting's value", run_get, json=True, check=_known)
    p.add_argument("key")
    p = cmd("set", "change a setting (checked as the Settings screen checks it)", run_set, check=_known)
    p.add_argument("key")
    p.add_argument("value")


def _known(args: Args) -> None:
    setting(args.key)  # an unknown key is refused before the passphrase is asked for


def _entry(s: Setting[Any], value: Any) -> dict[str, Any]:
    return {
        "value": value,
        "default": s.default,
        "description": s.description,
        "allowed": s.allowed,
        "who": s.perm.value,
    }


def run_list(vault: Vault, args: Args) -> tuple[Any, str]:
    data = {key: _entry(s, get_setting(vault.conn, s)) for key, s in registry().items()}
    text = "\n".join(f"{k} = {v['value']!r}   # {v['description']}" for k, v in data.items())
    return {"settings": data}, text


def run_get(vault: Vault, args: Args) -> tuple[Any, str]:
    s = setting(args.key)
    value = get_setting(vault.conn, s)
    return {args.key: _entry(s, value)}, repr(value)


def run_set(vault: Vault, args: Args) -> str:
    s = setting(args.key)
    done = change_settings(vault, {s.key: args.value})
    return f"{s.key} = {done.value[s.key]!r}"
