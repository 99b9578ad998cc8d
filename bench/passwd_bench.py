"""What a passphrase change costs now that it re-keys the database (S20), at a given scale.

    .venv/bin/python bench/passwd_bench.py [--scale county] [--repeat 3]

Makes a synthetic vault in a temporary folder (synthetic data only), then times
``Vault.change_passphrase`` (re-key of every page, WAL checkpoint, header swap) with the floor KDF,
and reports the database size. The calibrated KDF (about 0.5 s per derivation, two derivations:
old and new passphrase) comes on top.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import make_vault as mv  # noqa: E402

from dv_forum.vault import Vault  # noqa: E402
from dv_forum.vault.header import DB_NAME  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="county")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dvf-passwd-") as tmp:
        folder = Path(tmp) / "vault"
        vault, data = mv.make_vault(folder, mv.scale_named(args.scale))
        vault.close("bench")
        size = (folder / DB_NAME).stat().st_size
        current, other = mv.PASSPHRASE, mv.PASSPHRASE + " two"
        times = []
        for _ in range(args.repeat):
            vault = Vault.open(folder, mv.USER, current)
            start = time.perf_counter()
            vault.change_passphrase(current, other)
            times.append(time.perf_counter() - start)
            vault.close("bench")
            current, other = other, current
        print(
            f"passwd at {len(data.referrals):,} referrals ({size / 1e6:.0f} MB database): "
            f"median {statistics.median(times):.2f} s of {len(times)} (min {min(times):.2f}, max {max(times):.2f}), "
            "floor KDF"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
