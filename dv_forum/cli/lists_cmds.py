"""The partnership's setup and lists: ``setup``, ``lists show|add|rename|retire|alias``."""

from __future__ import annotations

from typing import Any

from dv_forum import lists
from dv_forum.cli.commands import Args, Commands
from dv_forum.district import lists_edit, setup
from dv_forum.vault import Vault

KIND_HELP = "locality, agency (referring) or marac_agency"


def register(top: Commands) -> None:
    p = top(
        "setup",
        "show or change the partnership's setup (names, case-reference prefix, marking, population)",
        run_setup,
        json=True,
    )
    p.add_argument("--partnership", help="the partnership's name, printed on packs and reports")
    p.add_argument("--marac-name", help="the MARAC's name, printed on packs and reports")
    p.add_argument("--prefix", help="prefix of new case references (letters or digits, e.g. MARAC)")
    p.add_argument("--marking", help="protective marking on every printed page")
    p.add_argument("--population", type=int, help="females aged 16 and over in the MARAC's area")
    p.add_argument("--locality", action="append", help="a locality (repeat it); replaces the locality list")

    cmd = top.group("lists", "the partnership's lists: localities, referring and MARAC agencies")
    p = cmd("show", "a list's values, retired ones and the aliases an import maps", run_show, json=True)
    p.add_argument("kind", choices=list(lists.KINDS), help=KIND_HELP)
    p = cmd("add", "add a value to a list", run_add)
    p.add_argument("kind", choices=list(lists.KINDS), help=KIND_HELP)
    p.add_argument("value")
    p = cmd("rename", "rename a value; every record holding it follows", run_rename)
    p.add_argument("kind", choices=list(lists.KINDS), help=KIND_HELP)
    p.add_argument("old")
    p.add_argument("new")
    p = cmd("retire", "stop offering a value for new records (old records keep it)", run_retire)
    p.add_argument("kind", choices=list(lists.KINDS), help=KIND_HELP)
    p.add_argument("value")
    p = cmd("alias", "let imports map ALIAS to VALUE from now on", run_alias)
    p.add_argument("kind", choices=list(lists.KINDS), help=KIND_HELP)
    p.add_argument("alias")
    p.add_argument("value")


_SETUP_OPTIONS = {
    "partnership": "partnership",
    "marac_name": "marac_name",
    "prefix": "ref_prefix",
    "marking": "marking",
    "population": "female_population",
    "locality": "localities",
}


def run_setup(vault: Vault, args: Args) -> tuple[Any, str]:
    chosen = {field: getattr(args, opt) for opt, field in _SETUP_OPTIONS.items()}
    chosen = {k: v for k, v in chosen.items() if v is not None}
    done = setup.current(vault.conn)
    if chosen:
        for key, value in chosen.items():
            setattr(done, key, value)
        done = setup.apply(vault, done).value
    data = done.as_dict()
    text = "\n".join(
        [
            f"Partnership: {done.partnership or '(not set)'}",
            f"MARAC: {done.marac_name or '(not set)'}",
            f"Case references: {done.ref_prefix}-YYYY-NNNN",
            f"Protective marking: {done.marking}",
            f"Adult female population: {done.female_population or '(not set)'}",
            f"Localities: {', '.join(done.localities) or '(none yet: dv-forum lists add locality NAME)'}",
        ]
    )
    return data, text


def run_show(vault: Vault, args: Args) -> tuple[Any, str]:
    entries = lists_edit.show(vault.conn, args.kind)
    data = {"kind": args.kind, "values": [e.as_dict() for e in entries]}
    lines = []
    for e in entries:
        extra = " (retired)" if not e.active else ""
        if e.aliases:
            extra += "   also read as: " + ", ".join(e.aliases)
        lines.append(f"{e.value}{extra}")
    name = lists.KINDS[args.kind]
    return data, "\n".join(lines) or f"No {name} yet: add one with 'dv-forum lists add {args.kind} NAME'."


def run_add(vault: Vault, args: Args) -> str:
    value = lists_edit.add(vault, args.kind, args.value).value
    return f"Added {lists.KINDS[args.kind]} '{value}'."


def run_rename(vault: Vault, args: Args) -> str:
    changed = lists_edit.rename(vault, args.kind, args.old, args.new).value
    return f"Renamed '{args.old}' to '{' '.join(args.new.split())}'; {changed} records follow."


def run_retire(vault: Vault, args: Args) -> str:
    value = lists_edit.retire(vault, args.kind, args.value).value
    return f"Retired '{value}': kept on old records, not offered for new ones."


def run_alias(vault: Vault, args: Args) -> str:
    value = lists_edit.alias(vault, args.kind, args.alias, args.value).value
    return f"Imports now read '{' '.join(args.alias.split())}' as '{value}'."
