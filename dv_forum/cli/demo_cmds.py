"""`dv-forum demo`: a vault full of synthetic data for trying the program."""

from __future__ import annotations

from dv_forum.cli.commands import Args, Commands
from dv_forum.cli.context import Context
from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, DEMO_USERS, create_demo


def register(top: Commands) -> None:
    p = top("demo", "create a vault filled with synthetic data at --vault", run_demo, vault=False)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--scale", type=float, default=1.0, help="multiply the amount of synthetic data")
    p.add_argument(
        "--multi",
        action="store_true",
        help="one vault per person: the outreach workers' and chair's own vaults in sibling folders",
    )


def run_demo(ctx: Context, args: Args) -> str:
    if args.multi:
        return _run_multi(ctx, args)
    vault = create_demo(ctx.folder, seed=args.seed, scale=args.scale)
    vault.close()
    others = ", ".join(f"{name} ({role})" for name, role in DEMO_USERS)
    return (
        f"Demo vault created in {ctx.folder} (synthetic data only).\n"
        f"User: {DEMO_USER}   Passphrase: {DEMO_PASSPHRASE}\n"
        f"Other users, same passphrase: {others}"
    )


def _run_multi(ctx: Context, args: Args) -> str:
    from dv_forum.demo_multi import create_multi_demo

    made = create_multi_demo(ctx.folder, seed=args.seed, scale=args.scale)
    lines = [f"{name:12} {folder}" for name, folder in made.items()]
    return (
        "Demo vaults created, one per person, joined and exchanged once (synthetic data only):\n"
        + "\n".join(lines)
        + f"\nEach opens as its user with the passphrase: {DEMO_PASSPHRASE}"
    )
