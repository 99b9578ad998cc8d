"""What PRAGMA cipher_memory_security costs: run by bench/run.py once with ON and once with OFF.

    cipher_probe.py ON|OFF SCALE    (realistic, county or a number of referrals)

The setting is process-wide in SQLCipher (once ON it stays ON), so each value needs its own process.
Opens a fresh database with the vault's pragmas (dv_forum/vault/db.py) except that one, inserts the
synthetic rows in one transaction, runs run.py's query mix, and prints ``RESULT {json}``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import make_vault as mv  # noqa: E402
import sqlcipher3  # noqa: E402

from dv_forum.vault.migrations import migrate  # noqa: E402

PRAGMAS = [
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = FULL",
    "PRAGMA journal_mode = WAL",
]


def main() -> None:
    setting = sys.argv[1]
    import run

    data = mv.generate(mv.scale_named(sys.argv[2]))
    n = len(data.referrals)
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlcipher3.connect(str(Path(tmp) / "probe.db"), isolation_level=None)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        conn.execute(f"PRAGMA cipher_memory_security = {'ON' if setting == 'ON' else 'OFF'}")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        migrate(conn)
        t = time.perf_counter()
        mv.insert(conn, data)
        insert_s = time.perf_counter() - t
        refs = [r["case_ref"] for r in data.referrals[:: max(1, n // 200)]]
        t = time.perf_counter()
        run.query_mix(conn, refs)
        mix_s = time.perf_counter() - t
        conn.close()
    print("RESULT " + json.dumps({"insert_s": insert_s, "mix_s": mix_s}), flush=True)


if __name__ == "__main__":
    main()
