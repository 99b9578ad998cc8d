"""How many dates of birth and initials fit each stored date-of-birth-and-initials key (issue 15
item 6): someone with the open vault has the linkage secret and can try every candidate, so every
stored value must fit many people. Counts every candidate of the whole space once (dates of birth
1920-2010, initials A-Z A-Z) into the 65,536 values a 2-byte key can take, and prints the fewest,
the mean and the most candidates any value holds.

    python bench/linkage_candidates.py [--first-year 1920] [--last-year 2010]
"""

from __future__ import annotations

import argparse
import secrets
import string
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dv_forum.cases import linkage  # noqa: E402


def count(first: int, last: int, secret: bytes) -> list[int]:
    buckets = [0] * (1 << (8 * linkage.DOB_INITIALS_BYTES))
    day, end = date(first, 1, 1), date(last, 12, 31)
    pairs = [(a.lower(), b.lower()) for a in string.ascii_uppercase for b in string.ascii_uppercase]
    while day <= end:
        iso = day.isoformat()
        for s, f in pairs:
            key = linkage._mac(secret, "dobi", iso, s, f)[: linkage.DOB_INITIALS_BYTES]
            buckets[int.from_bytes(key, "big")] += 1
        day += timedelta(days=1)
    return buckets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-year", type=int, default=1920)
    parser.add_argument("--last-year", type=int, default=2010)
    args = parser.parse_args()
    start = time.perf_counter()
    buckets = count(args.first_year, args.last_year, secrets.token_bytes(32))
    total = sum(buckets)
    print(f"{total:,} candidates into {len(buckets):,} key values in {time.perf_counter() - start:.0f} s")
    print(
        f"candidates per stored value: fewest {min(buckets)}, mean {total / len(buckets):.0f}, most {max(buckets)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
