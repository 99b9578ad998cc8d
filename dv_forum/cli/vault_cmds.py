"""Vault commands: init, verify, passwd, users, backup, restore, audit, rotate-key (settings: settings_cmds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dv_forum.cli.commands import Args, Commands, Verdict
from dv_forum.cli.context import Context
from dv_forum.errors import UserError
from dv_forum.vault import Perm, Vault, anchors, audit
from dv_forum.vault.backup import partials_note

OLD_COPIES = (
    "Backups and copies of the vault folder made before still open with the old passphrases and "
    "recovery key: after a suspected compromise, make a new backup now and destroy the old ones."
)


def register(top: Commands) -> None:
    p = top("init", "create a vault and its first coordinator", cmd_init, vault=False)
    p.add_argument("--name", help="the coordinator's user name (default: --user, else 'coordinator')")

    top(
        "verify",
        "unlock and check the database, its encryption and the audit chain",
        cmd_verify,
        json=True,
        vault=False,
    )

    # The one command a one-time passphrase may run; it prompts for the current passphrase too.
    p = top("passwd", "change your passphrase (the database is re-keyed)", cmd_passwd, vault=False)
    p.set_defaults(one_time_ok=True)

    users = top.group("users", "manage users")
    p = users("add", "add a user with their own passphrase", cmd_users_add, vault=False)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["coordinator", "outreach", "chair"])
    users("list", "list users", cmd_users_list, json=True)
    p = users(
        "reset", "give a user a new one-time passphrase (forgotten or expired)", cmd_users_reset, vault=False
    )
    p.add_argument("name")
    p = users(
        "remove",
        "remove a user for good (their slot goes; the database is re-keyed)",
        cmd_users_remove,
        vault=False,
    )
    p.add_argument("name")

    p = top("backup", "write an encrypted backup file", cmd_backup)
    p.add_argument("file")

    p = top("restore", "restore a backup into a new folder and check it", cmd_restore, vault=False)
    p.add_argument("file")
    p.add_argument("--to", required=True, metavar="FOLDER")

    aud = top.group("audit", "read and check the audit log")
    p = aud("list", "list audit rows, newest first", cmd_audit_list, json=True)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--action")
    aud("verify", "check the audit hash chain and this computer's record of it", cmd_audit_verify)
    p = aud(
        "accept",
        "take the vault as it is after an older copy was put back on purpose (recorded in the audit)",
        cmd_audit_accept,
        vault=False,
    )
    p.set_defaults(accept_anchor=True)

    top("rotate-key", "re-encrypt the database with a new data key", cmd_rotate, vault=False)


def cmd_init(ctx: Context, args: Args) -> str:
    name = args.name or args.user or "coordinator"
    passphrase = ctx.new_passphrase("Passphrase for the new vault")
    vault, recovery = Vault.create(ctx.folder, name, passphrase)
    vault.close()
    return (
        f"Created a vault in {ctx.folder} for coordinator '{name}'.\n"
        "\n"
        "RECOVERY KEY (shown once; print it or write it down and keep it locked away):\n"
        f"    {recovery}\n"
        "\n"
        "Anyone holding this key can open the vault. It is the only way back in if every passphrase is lost."
    )


def cmd_verify(ctx: Context, args: Args) -> Verdict:
    vault = ctx.open_vault()
    problems = vault.verify()
    with vault.transaction():
        vault.audit("verify", detail="ok" if not problems else f"{len(problems)} problems")
    return Verdict(
        {"ok": not problems, "problems": problems},
        "Vault checked: database, encryption and audit chain are intact."
        if not problems
        else "Problems found:\n" + "\n".join(f"- {p}" for p in problems),
        0 if not problems else 1,
    )


def cmd_passwd(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    old = ctx.passphrase("Current passphrase: ")
    rekeyed = vault.change_passphrase(old, ctx.new_passphrase())
    lines = ["Passphrase changed; the database is now encrypted with a new data key.", rekeyed.notice()]
    return "\n".join([line for line in lines if line] + [OLD_COPIES])


def cmd_users_add(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    new = ctx.new_passphrase(f"Passphrase for {args.name}")
    user = vault.add_user(args.name, args.role, new, ctx.passphrase("Your passphrase: "))
    return f"Added {user.name} ({user.role.value}). They must choose their own passphrase at first unlock."


def cmd_users_list(vault: Vault, args: Args) -> tuple[Any, str]:
    vault.require(Perm.MANAGE_USERS)
    users = [{"name": u.name, "role": u.role.value, "must_change": u.must_change} for u in vault.list_users()]
    return {"users": users}, "\n".join(f"{u['name']:<20} {u['role']}" for u in users)


def cmd_backup(vault: Vault, args: Args) -> str:
    target = vault.backup(Path(args.file))
    return (
        f"Backup written to {target}. It is encrypted: any user's passphrase or the recovery key opens it."
        + (partials_note(vault.partials_removed))
    )


def cmd_restore(ctx: Context, args: Args) -> str:
    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"There is no backup file at {source}.", "Check the path.")
    from dv_forum.vault.backup import read_backup

    header, _ = read_backup(source)
    name = args.user or ""
    if not name and not header.sole_user():
        raise UserError("The backup has several users.", "Say which with --user NAME.")
    vault = Vault.restore(source, Path(args.to), name, ctx.passphrase())
    vault.close()
    return f"Restored into {args.to} and checked: intact."


def cmd_audit_list(vault: Vault, args: Args) -> tuple[Any, str]:
    vault.require(Perm.VIEW_AUDIT)
    rows = audit.rows(vault.conn, limit=args.limit, action=args.action)
    data = {"audit": [r.to_dict() for r in rows]}
    text = "\n".join(
        f"{r.id:>6} {r.ts} {r.user or '-':<12} {r.action:<22} {r.ref or ''} {r.detail or ''}".rstrip()
        for r in rows
    )
    return data, text or "The audit log is empty."


def cmd_audit_verify(vault: Vault, args: Args) -> str:
    vault.require(Perm.VIEW_AUDIT)
    problems = audit.verify(vault.conn) + anchors.check(vault)
    if problems:
        raise UserError(
            "The audit log has been tampered with: " + "; ".join(problems[:5]) + ".",
            "Keep this vault as evidence and restore a backup to carry on working.",
        )
    count = vault.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    return f"Audit chain intact ({count} rows)."


def cmd_audit_accept(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    vault.require(Perm.VIEW_AUDIT)
    return "This computer now takes the vault as it is; the difference is recorded in its audit log."


def cmd_users_reset(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    new = ctx.new_passphrase(f"One-time passphrase for {args.name}")
    vault.reset_user(args.name, new, ctx.passphrase("Your passphrase: "))
    return f"{args.name} has a new one-time passphrase: give it to them in person; they must change it at next unlock."


def cmd_users_remove(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    recovery, temporary = vault.remove_user(args.name, ctx.passphrase("Your passphrase (again): "))
    return f"Removed {args.name}: their passphrase no longer opens this vault.\n" + new_keys(
        recovery, temporary
    )


def cmd_rotate(ctx: Context, args: Args) -> str:
    vault = ctx.open_vault()
    return new_keys(*vault.rotate_key(ctx.passphrase("Your passphrase (again): ")))


def new_keys(recovery: str, temporary: dict[str, str]) -> str:
    lines = [
        "The database is now encrypted with a new data key.",
        f"NEW RECOVERY KEY (the old one no longer works): {recovery}",
    ]
    lines += [
        f"One-time passphrase for {name}: {temp}  (they must change it at next unlock)"
        for name, temp in temporary.items()
    ]
    lines.append(OLD_COPIES)
    return "\n".join(lines)
