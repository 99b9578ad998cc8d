"""S8 nothing left in temp or home, S9 logs and stderr hold no case data or keys, and the CLI process
cannot dump core. A scripted session runs in a child process whose HOME, TMPDIR, XDG, config and log
folders are fresh: it imports, edits, prints a pack to PDF, exports CSV, backs up, restores and locks,
at debug level. Afterwards no marker (nor the passphrase, nor the data key) is in any file it left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dv_forum.vault.header import Header
from dv_forum.vault.vault import unwrap_passphrase
from tests.reliability import world

ROOT = Path(__file__).resolve().parents[2]
PASS = "leak test passphrase QQ7781 zebra"
INCIDENT_MARKER = "QXINCIDENTAREA"

SESSION = r"""
import json, resource, sys
from pathlib import Path
from dv_forum.cli import main
from dv_forum.hardening import is_dumpable
from dv_forum.vault import KdfParams, Vault, crypto
from tests.reliability import world

crypto.calibrate = lambda *a, **k: KdfParams()  # the floor KDF: a calibrated one only costs time
vault_dir, out, backups, restored, passphrase = (sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]),
                                                 sys.argv[4], sys.argv[5])

def run(*argv):
    code = main(["--debug", *argv])
    assert code == 0, argv

run("init")
v = Vault.open(Path(vault_dir), "coordinator", passphrase)
world.build(v)
v.close()
run("import", "incidents", str(out / "incidents.csv"))
run("settings", "set", "retention.years", "7")
run("pack", "2026-03-12", "--out", str(out / "pack.pdf"))
run("minutes", "2026-03-12", "--out", str(out / "minutes.pdf"))
run("stats", "export", "--quarter", "2025-Q4", "--out", str(out / "export.csv"))
run("outreach", "clients")
run("freedom", "cohorts")
run("backup", str(backups / "vault.dvbackup"))
run("restore", str(backups / "vault.dvbackup"), "--to", restored)
run("verify")
run("audit", "verify")
core = resource.getrlimit(resource.RLIMIT_CORE)
print(json.dumps({"core": list(core), "dumpable": is_dumpable()}), flush=True)
"""


def _texts(path: Path) -> list[bytes]:
    return [path.read_bytes()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process checks")
def test_s8_s9_scripted_session_leaves_no_marker_passphrase_or_key(tmp_path: Path) -> None:
    dirs = {n: tmp_path / n for n in ("home", "tmp", "config", "logs", "data", "cache", "state", "backups")}
    for d in dirs.values():
        d.mkdir(mode=0o700)
    out = tmp_path / "out"  # files the user asked for (PDF, CSV) and the file they import
    out.mkdir()
    (out / "incidents.csv").write_text(f"month,count,area\n2026-01,12,{INCIDENT_MARKER}\n2026-02,9,\n")
    vault_dir, restored = tmp_path / "vault", tmp_path / "restored"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "HOME": str(dirs["home"]),
        "TMPDIR": str(dirs["tmp"]),
        "XDG_CONFIG_HOME": str(dirs["config"]),
        "XDG_DATA_HOME": str(dirs["data"]),
        "XDG_CACHE_HOME": str(dirs["cache"]),
        "XDG_STATE_HOME": str(dirs["state"]),
        "DV_FORUM_CONFIG_DIR": str(dirs["config"] / "dv-forum"),
        "DV_FORUM_LOG_DIR": str(dirs["logs"]),
        "DV_FORUM_DEBUG": "1",
        "DV_FORUM_VAULT": str(vault_dir),
        "DV_FORUM_PASSPHRASE": PASS,
        "DV_FORUM_NEW_PASSPHRASE": PASS,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    args = [str(vault_dir), str(out), str(dirs["backups"]), str(restored), PASS]
    proc = subprocess.run(
        [sys.executable, "-c", SESSION, *args], env=env, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    facts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert facts == {"core": [0, 0], "dumpable": False}, "core dumps must be off in the CLI process"

    key_hex = unwrap_passphrase(Header.load(vault_dir), "coordinator", PASS).hex()
    secrets = [PASS, key_hex, key_hex.upper()]
    needles = [*world.ALL, INCIDENT_MARKER, *secrets]

    # S9: logs (the debug log file) and stderr hold no case data, passphrase or key.
    logs = list(dirs["logs"].rglob("*"))
    assert any(p.is_file() and p.stat().st_size > 0 for p in logs), "the debug session logged nothing"
    for needle in needles:
        assert needle not in proc.stderr, f"stderr holds {needle[:12]}"
    # stdout is what the user asked to see (the recovery key at init, tables listing pseudonymous
    # client and participant codes); no secrets or case free text there either.
    shown_by_design = {world.IDENTITY["outreach_code"], world.IDENTITY["freedom_code"]}
    for needle in (*secrets, *(set(world.IDENTITY.values()) - shown_by_design)):
        assert needle not in proc.stdout, f"stdout holds {needle[:12]}"

    # S8 and S3: no marker, passphrase or key in any file left behind, in UTF-8 or UTF-16.
    scanned = 0
    hits = []
    for folder in (vault_dir, restored, *dirs.values()):
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            scanned += 1
            data = path.read_bytes()
            for needle in needles:
                for encoded in (needle.encode(), needle.encode("utf-16-le")):
                    if encoded in data:
                        hits.append(f"{path.relative_to(tmp_path)}: {needle[:12]}")
    assert hits == []
    assert scanned >= 6  # vault db + header, restored copy, backup, log: the scan saw real files
    assert list(dirs["tmp"].iterdir()) == [], "temporary files were left behind"

    # The pack the user printed carries no identity marker.
    for pdf in ("pack.pdf", "minutes.pdf"):
        text = "\n".join(p.extract_text() or "" for p in PdfReader(out / pdf).pages)
        assert "NWL-2026-0001" in text  # positive control
        for marker in world.IDENTITY.values():
            assert marker not in text, f"{pdf}: {marker}"
    export = (out / "export.csv").read_text("utf-8-sig")
    for marker in world.IDENTITY.values():
        assert marker not in export
