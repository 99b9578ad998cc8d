"""Settings commands: ``settings list|get|set``, all from the one registry in dv_forum.settings."""

from __future__ import annotations

import argparse
from typing import Any

from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.settings import Setting, change_settings, get_setting, registry, setting


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    st = group(sub, "settings", "read and change the vault's settings (docs/settings.md lists them)")
    p = st.add_parser("list", help="every setting, its value and what it does")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings_list)
    p = st.add_parser("get", help="one setting's value")
    p.add_argument("key")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings_get)
    p = st.add_parser("set", help="change a setting (checked as the Settings screen checks it)")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(handler=cmd_settings_set)


def _entry(s: Setting[Any], value: Any) -> dict[str, Any]:
    return {
        "value": value,
        "default": s.default,
        "description": s.description,
        "allowed": s.allowed,
        "who": s.perm.value,
    }


def cmd_settings_list(args: argparse.Namespace, ctx: Context) -> int:
    conn = ctx.open_vault().conn
    data = {key: _entry(s, get_setting(conn, s)) for key, s in registry().items()}
    text = "\n".join(f"{k} = {v['value']!r}   # {v['description']}" for k, v in data.items())
    ctx.emit({"settings": data}, text)
    return 0


def cmd_settings_get(args: argparse.Namespace, ctx: Context) -> int:
    s = setting(args.key)
    value = get_setting(ctx.open_vault().conn, s)
    ctx.emit({args.key: _entry(s, value)}, repr(value))
    return 0


def cmd_settings_set(args: argparse.Namespace, ctx: Context) -> int:
    s = setting(args.key)  # an unknown key is refused before the passphrase is asked for
    done = change_settings(ctx.open_vault(), {s.key: args.value})
    print(f"{s.key} = {done.value[s.key]!r}")
    return 0
