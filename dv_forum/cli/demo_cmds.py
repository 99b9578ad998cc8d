"""`dv-forum demo`: a vault full of synthetic data for trying the program."""

from __future__ import annotations

from dv_forum.cli.commands import Args, Commands
from dv_forum.cli.context import Context
from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, DEMO_USERS, create_demo


def register(top: Commands) -> None:
    p = top("demo", "create a vault filled with synthetic data at --vault", run_demo, vault=False)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--scale", type=float, default=1.0, help="multiply the amount of synthetic data")


def run_demo(ctx: Context, args: Args) -> str:
    vault = create_demo(ctx.folder, seed=args.seed, scale=args.scale)
    vault.close()
    others = ", ".join(f"{name} ({role})" for name, role in DEMO_USERS)
    return (
        f"Demo vault created in {ctx.folder} (synthetic data only).\n"
        f"User: {DEMO_USER}   Passphrase: {DEMO_PASSPHRASE}\n"
        f"Other users, same passphrase: {others}"
    )
