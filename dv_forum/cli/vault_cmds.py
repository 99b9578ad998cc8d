"""Vault commands: init, verify, passwd, users, backup, restore, audit, rotate-key (settings: settings_cmds)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dv_forum.cli import group
from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault, audit


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create a vault and its first coordinator")
    p.add_argument("--name", help="the coordinator's user name (default: --user, else 'coordinator')")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("verify", help="unlock and check the database, its encryption and the audit chain")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("passwd", help="change your passphrase (the database is not rewritten)")
    p.set_defaults(handler=cmd_passwd, one_time_ok=True)

    users = group(sub, "users", "manage users")
    p = users.add_parser("add", help="add a user with their own passphrase")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["coordinator", "outreach", "chair"])
    p.set_defaults(handler=cmd_users_add)
    p = users.add_parser("list", help="list users")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_list)

    p = sub.add_parser("backup", help="write an encrypted backup file")
    p.add_argument("file")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into a new folder and check it")
    p.add_argument("file")
    p.add_argument("--to", required=True, metavar="FOLDER")
    p.set_defaults(handler=cmd_restore)

    aud = group(sub, "audit", "read and check the audit log")
    p = aud.add_parser("list", help="list audit rows, newest first")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--action")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_list)
    p = aud.add_parser("verify", help="check the audit hash chain")
    p.set_defaults(handler=cmd_audit_verify)

    p = sub.add_parser("rotate-key", help="re-encrypt the database with a new data key")
    p.set_defaults(handler=cmd_rotate)


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    name = args.name or args.user or "coordinator"
    passphrase = ctx.new_passphrase("Passphrase for the new vault")
    vault, recovery = Vault.create(ctx.folder, name, passphrase)
    vault.close()
    print(f"Created a vault in {ctx.folder} for coordinator '{name}'.")
    print()
    print("RECOVERY KEY (shown once; print it or write it down and keep it locked away):")
    print(f"    {recovery}")
    print()
    print(
        "Anyone holding this key can open the vault. It is the only way back in if every passphrase is lost."
    )
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    problems = vault.verify()
    with vault.transaction():
        vault.audit("verify", detail="ok" if not problems else f"{len(problems)} problems")
    ctx.emit(
        {"ok": not problems, "problems": problems},
        "Vault checked: database, encryption and audit chain are intact."
        if not problems
        else "Problems found:\n" + "\n".join(f"- {p}" for p in problems),
    )
    return 0 if not problems else 1


def cmd_passwd(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    old = ctx.passphrase("Current passphrase: ")
    vault.change_passphrase(old, ctx.new_passphrase())
    print("Passphrase changed.")
    return 0


def cmd_users_add(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    new = ctx.new_passphrase(f"Passphrase for {args.name}")
    user = vault.add_user(args.name, args.role, new, ctx.passphrase("Your passphrase: "))
    print(f"Added {user.name} ({user.role.value}). They must choose their own passphrase at first unlock.")
    return 0


def cmd_users_list(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    vault.require(Perm.MANAGE_USERS)
    users = [{"name": u.name, "role": u.role.value, "must_change": u.must_change} for u in vault.list_users()]
    ctx.emit({"users": users}, "\n".join(f"{u['name']:<20} {u['role']}" for u in users))
    return 0


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    target = vault.backup(Path(args.file))
    print(f"Backup written to {target}. It is encrypted: any user's passphrase or the recovery key opens it.")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"There is no backup file at {source}.", "Check the path.")
    from dv_forum.vault.backup import read_backup

    header, _ = read_backup(source)
    users = header.users()
    name = args.user or (users[0] if len(users) == 1 else "")
    if not name:
        raise UserError("The backup has several users.", "Say which with --user NAME.")
    vault = Vault.restore(source, Path(args.to), name, ctx.passphrase())
    vault.close()
    print(f"Restored into {args.to} and checked: intact.")
    return 0


def cmd_audit_list(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    vault.require(Perm.VIEW_AUDIT)
    rows = audit.rows(vault.conn, limit=args.limit, action=args.action)
    data = {"audit": [r.to_dict() for r in rows]}
    text = "\n".join(
        f"{r.id:>6} {r.ts} {r.user or '-':<12} {r.action:<22} {r.ref or ''} {r.detail or ''}".rstrip()
        for r in rows
    )
    ctx.emit(data, text or "The audit log is empty.")
    return 0


def cmd_audit_verify(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    vault.require(Perm.VIEW_AUDIT)
    problems = audit.verify(vault.conn)
    if problems:
        raise UserError(
            "The audit log has been tampered with: " + "; ".join(problems[:5]) + ".",
            "Keep this vault as evidence and restore a backup to carry on working.",
        )
    count = vault.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    print(f"Audit chain intact ({count} rows).")
    return 0


def cmd_rotate(args: argparse.Namespace, ctx: Context) -> int:
    vault = ctx.open_vault()
    recovery, temporary = vault.rotate_key(ctx.passphrase("Your passphrase (again): "))
    print("The database is now encrypted with a new data key.")
    print(f"NEW RECOVERY KEY (the old one no longer works): {recovery}")
    for name, temp in temporary.items():
        print(f"One-time passphrase for {name}: {temp}  (they must change it at next unlock)")
    return 0
