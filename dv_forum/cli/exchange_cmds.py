"""Devices and exchange commands: enrol, join, list, revoke; send, receive, conflicts, resolve."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from dv_forum.cli.commands import Args, Commands
from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.exchange import conflicts, devices, joining, service
from dv_forum.vault import Vault

# A text, or (data, text) for --json: see dv_forum.cli.commands.
Output = str | tuple[Any, str]


def register(top: Commands) -> None:
    ds = top.group("devices", "enrol, list and revoke the devices this vault exchanges with")
    p = ds("enrol", "write an enrolment file for a new outreach or chair vault", cmd_enrol, json=True)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=("outreach", "chair"))
    p.add_argument("--out", required=True, metavar="FILE")
    ds("list", "enrolled devices, fingerprint words and last exchange", cmd_list, json=True)
    p = ds("revoke", "refuse every bundle from a device from now on", cmd_revoke)
    p.add_argument("name")
    p = top("join", "create this person's vault from an enrolment file", cmd_join, vault=False)
    p.add_argument("file")
    p = top(
        "split",
        "give each outreach and chair user an enrolment file and re-key",
        cmd_split,
        vault=False,
        json=True,
    )
    p.add_argument("--out", required=True, metavar="DIR")
    es = top.group("exchange", "write and apply bundles of changes between vaults")
    p = es("send", "write a bundle of what a device has not yet acknowledged", cmd_send, json=True)
    p.add_argument("--to", metavar="NAME")
    p.add_argument("--out", required=True, metavar="DIR")
    p = es("receive", "apply bundles (files or folders)", cmd_receive, json=True)
    p.add_argument("paths", nargs="+", metavar="PATH")
    es("conflicts", "fields changed on both sides, waiting for a decision", cmd_conflicts, json=True)
    p = es("resolve", "keep our value or theirs", cmd_resolve)
    p.add_argument("id", type=int)
    p.add_argument("--keep", required=True, choices=("ours", "theirs"))


def cmd_enrol(vault: Vault, args: Args) -> Output:
    done = service.enrol_device(vault, args.name, args.role, Path(args.out))
    return (
        {"file": args.out, "code": done.code, "fingerprint": done.fingerprint},
        f"Wrote {args.out}. One-time code (read it aloud, never send it with the file): {done.code}\n"
        f"Fingerprint words for {args.name}: {done.fingerprint}",
    )


def cmd_join(ctx: Context, args: Args) -> Output:
    code = os.environ.get("DV_FORUM_ENROL_CODE")
    if code is None:
        if not sys.stdin.isatty():
            raise UserError("No enrolment code given.", "Run in a terminal, or set DV_FORUM_ENROL_CODE.")
        code = input("Enrolment code: ")
    data = joining.read(Path(args.file), code)
    joined = joining.join_vault(
        ctx.folder, data, args.user or "", ctx.new_passphrase("Passphrase for the new vault")
    )
    name = joined.vault.user.name
    joined.vault.close()
    return (
        f"Created the {joined.role} vault of '{name}' in {ctx.folder}.\n"
        f"Compare these words with the coordinator's screen: {joined.words}\n"
        f"RECOVERY KEY (shown once; keep it locked away): {joined.recovery}"
    )


def cmd_list(vault: Vault, args: Args) -> Output:
    found = devices.all_devices(vault.conn)
    lines = [
        f"{d.name:16} {d.role:11} {'revoked' if d.revoked else 'active':8} {d.last_exchange or 'never':26} {d.words}"
        for d in found
    ]
    return {"devices": [d.to_dict() for d in found]}, "\n".join(lines) or "No devices enrolled."


def cmd_revoke(vault: Vault, args: Args) -> Output:
    service.revoke_device(vault, args.name)
    return f"Revoked {args.name}: its bundles are refused from now on."


def cmd_send(vault: Vault, args: Args) -> Output:
    name = service.send(vault, args.to, Path(args.out))
    return {"file": str(name), "bytes": name.stat().st_size}, f"Wrote {name}."


def cmd_receive(vault: Vault, args: Args) -> Output:
    result = service.receive(vault, [Path(p) for p in args.paths]).value
    for problem in result.warnings:
        print(f"dv-forum: warning: {problem}.", file=sys.stderr)
    total = result.counts
    return total.to_dict(), " ".join(f"{k}: {v}" for k, v in total.to_dict().items())


def cmd_conflicts(vault: Vault, args: Args) -> Output:
    found = conflicts.open_conflicts(vault.conn)
    lines = [
        f"{c.id:4} {c.record} {c.field}: ours {c.ours!r} / theirs {c.theirs!r} ({c.by}, {c.at})"
        for c in found
    ]
    return {"conflicts": [c.to_dict() for c in found]}, "\n".join(lines) or "No conflicts."


def cmd_resolve(vault: Vault, args: Args) -> Output:
    service.resolve(vault, args.id, args.keep)
    return f"Conflict {args.id} resolved: kept {args.keep}; the other side follows at the next exchange."


def cmd_split(ctx: Context, args: Args) -> Output:
    from dv_forum.cli.vault_cmds import new_keys
    from dv_forum.exchange.split import split

    vault = ctx.open_vault()
    leaving, recovery, temporary = split(vault, Path(args.out), ctx.passphrase("Your passphrase (again): "))
    keys = new_keys(recovery, temporary)
    lines = [
        f"Wrote {x.file} for {x.user}. One-time code (read it aloud, never send it with the file): {x.code}"
        for x in leaving
    ]
    if getattr(args, "json", False):
        print(keys, file=sys.stderr)  # the JSON on stdout is the list of enrolments
    return [x.to_dict() for x in leaving], "\n".join(
        [*lines, "Their passphrases no longer open this vault.", keys]
    )
