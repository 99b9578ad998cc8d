"""Synthetic demo vaults. Each area contributes ``dv_forum/<area>/demo.py`` with
``generate(vault, rng, scale)``; they are found automatically and run in ORDER."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

from dv_forum.district import setup
from dv_forum.district.example import demo_setup
from dv_forum.vault import KdfParams, Vault

DEMO_USER = "coordinator"
DEMO_PASSPHRASE = "demo vault passphrase"  # noqa: S105 - shown on screen; synthetic data only
ORDER = ("cases", "marac", "stats", "freedom", "outreach")
# Other demo users share the demo passphrase, so every role can be tried.
DEMO_USERS = (("ann", "outreach"), ("bea", "outreach"), ("cat", "outreach"), ("chair", "chair"))


def create_demo(folder: Path, seed: int = 2026, scale: float = 1.0) -> Vault:
    # The floor KDF keeps a throwaway demo quick to open; it never holds real data.
    vault, _ = Vault.create(folder, DEMO_USER, DEMO_PASSPHRASE, kdf=KdfParams())
    rng = random.Random(seed)
    setup.apply(vault, demo_setup())
    # Users first: outreach records name their worker, who must be one the vault knows.
    for name, role in DEMO_USERS:
        vault.add_user(name, role, DEMO_PASSPHRASE, DEMO_PASSPHRASE)
    for area in ORDER:
        try:
            module = importlib.import_module(f"dv_forum.{area}.demo")
        except ModuleNotFoundError:
            continue
        with vault.transaction():
            module.generate(vault, rng, scale)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
        vault.audit("demo.create")
    return vault
