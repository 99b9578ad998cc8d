"""kill -9 during the receipt of a large bundle leaves all of it applied or none of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from dv_forum.exchange import devices, journal
from dv_forum.exchange.bundle import make
from dv_forum.vault import db
from dv_forum.vault.migrations import migrate

KEY = bytes(range(32))
N = 3000
CHILD = """
import sys
from pathlib import Path
from dv_forum.exchange.bundle import receive
from dv_forum.vault import db
conn = db.open_db(Path(sys.argv[1]), bytes(range(32)))
blob = Path(sys.argv[2]).read_bytes()
calls = [0]


def stop_midway(statement):
    # After argv[3] SQL statements (well inside the transaction), say so and wait to be killed.
    calls[0] += 1
    if calls[0] == int(sys.argv[3]):
        print("midway", flush=True)
        sys.stdin.readline()


conn.execute("BEGIN IMMEDIATE")
conn.set_trace_callback(stop_midway)
receive(conn, blob)
conn.execute("COMMIT")
print("done", flush=True)
"""


def _vault(path: Path, name: str, kind: str) -> db.Connection:
    conn = db.open_db(path, KEY)
    migrate(conn)
    devices.set_identity(conn, name, kind)
    return conn


def test_kill_during_receive_is_all_or_nothing(tmp_path: Path) -> None:
    coord = _vault(tmp_path / "coord.db", "coord", "coordinator")
    ann = _vault(tmp_path / "ann.db", "ann", "outreach")
    ic, ia = devices.identity(coord), devices.identity(ann)
    devices.add(coord, "ann", "outreach", ia.sign_pub, ia.box_pub)
    devices.add(ann, "coord", "coordinator", ic.sign_pub, ic.box_pub)
    ann.close()
    coord.execute("BEGIN")
    for i in range(N):
        journal.record_change(
            coord, f"client:T{i}", {"safe_times": f"n{i}", "referral_date": "2026-01-01"}, audience="ann"
        )
    coord.execute("COMMIT")
    (tmp_path / "b.dvx").write_bytes(make(coord, "ann"))
    for run in range(20):
        with subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(tmp_path / "ann.db"),
                str(tmp_path / "b.dvx"),
                str(5 + run * 1000),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "midway"
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        check = db.open_db(tmp_path / "ann.db", KEY)
        count = check.execute("SELECT count(*) FROM exchange_journal").fetchone()[0]
        fields = check.execute("SELECT count(*) FROM exchange_fields").fetchone()[0]
        applied = check.execute("SELECT applied_seq FROM exchange_devices").fetchone()[0]
        check.close()
        # Killed in the middle of applying: nothing at all was applied.
        assert (count, fields, applied) == (0, 0, 0)
    child_done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "ann.db"), str(tmp_path / "b.dvx"), "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child_done.stdout.strip() == "done"
    check = db.open_db(tmp_path / "ann.db", KEY)
    assert check.execute("SELECT count(*) FROM exchange_fields").fetchone()[0] == 2 * N
    check.close()
