"""`dv-forum demo`: a vault full of synthetic data for trying the program."""

from __future__ import annotations

import argparse

from dv_forum.cli.context import Context
from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, DEMO_USERS, create_demo


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="create a vault filled with synthetic data at --vault")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--scale", type=float, default=1.0, help="multiply the amount of synthetic data")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    vault = create_demo(ctx.folder, seed=args.seed, scale=args.scale)
    vault.close()
    print(f"Demo vault created in {ctx.folder} (synthetic data only).")
    print(f"User: {DEMO_USER}   Passphrase: {DEMO_PASSPHRASE}")
    others = ", ".join(f"{name} ({role})" for name, role in DEMO_USERS)
    print(f"Other users, same passphrase: {others}")
    return 0
