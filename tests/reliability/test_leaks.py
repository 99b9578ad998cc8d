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

from dv_forum.vault import Vault
from dv_forum.vault.header import Header
from dv_forum.vault.slots import unwrap_passphrase
from tests.reliability import world

ROOT = Path(__file__).resolve().parents[2]
PASS = "leak test passphrase QQ7781 zebra"
INCIDENT_MARKER = "QXINCIDENTAREA"
# Identities given to the referral service and the referral import. They are keyed (HMAC) and
# dropped: they must be nowhere, not even inside the decrypted vault. The rejected row's identity
# may be in the --skip-invalid rejects file only, a file the user asked for.
PERSON = {"surname": "Qxsurnamez", "forename": "Qxforenamez", "dob": "17/03/1911", "source_id": "QXSRCV-991"}
PERP_ID = "QXSRCP-992"
IMPORTED = {
    "surname": "Qximpsurname",
    "forename": "Qximpforename",
    "dob": "1912-04-18",
    "source_id": "QXIMPV-993",
}
REJECTED = {
    "surname": "Qxrejsurname",
    "forename": "Qxrejforename",
    "dob": "19/05/1913",
    "source_id": "QXREJV-994",
}
CASE_NOTES = "QXCREATENOTES"  # case free text in a referral made through referrals.create
IMPORT_NOTES = "QXIMPORTNOTES"


def _forms(identity: dict[str, str]) -> list[str]:
    """The ways an identity could show up: as given, normalised for keying, the dob in ISO."""
    from dv_forum.cases.linkage import normalise_id, normalise_name, parse_dob

    return [
        *identity.values(),
        normalise_name(identity["surname"]),
        normalise_name(identity["forename"]),
        normalise_id(identity["source_id"]),
        parse_dob(identity["dob"]).isoformat(),
        parse_dob(identity["dob"]).strftime("%d/%m/%Y"),
    ]


IDENTITY_NEEDLES = sorted({*_forms(PERSON), PERP_ID, *_forms(IMPORTED)})
REJECTED_NEEDLES = sorted(set(_forms(REJECTED)))

SESSION = r"""
import json, resource, sys
from pathlib import Path
from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from dv_forum.cli import main
from dv_forum.hardening import is_dumpable
from dv_forum.vault import KdfParams, Vault, crypto
from tests.reliability import world

crypto.calibrate = lambda *a, **k: KdfParams()  # the floor KDF: a calibrated one only costs time
vault_dir, out, backups, restored, passphrase = (sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]),
                                                 sys.argv[4], sys.argv[5])
person, perp_id, notes = json.loads(sys.argv[6])

def run(*argv):
    code = main(["--debug", *argv])
    assert code == 0, argv

run("init")
from dv_forum.district.example import LOCALITIES
run("setup", *(a for loc in LOCALITIES for a in ("--locality", loc)))
v = Vault.open(Path(vault_dir), "coordinator", passphrase)
world.build(v)
ref = referrals.create(v, {"referral_date": "2026-01-20", "area": "Coalville", "notes": notes,
                           "previous_marac_where": notes}, Identity(**person), Identity(source_id=perp_id))
referrals.get(v, ref)
v.close()
run("import", "incidents", str(out / "incidents.csv"))
run("import", "referrals", str(out / "referrals.csv"), "--skip-invalid")
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
    p, i, r = PERSON, IMPORTED, REJECTED
    (out / "referrals.csv").write_text(
        "referral_date,victim_surname,victim_forename,victim_dob,victim_id,perpetrator_id,area,notes\n"
        # the same victim and perpetrator as the referral made through the service: a repeat
        f"2026-03-01,{p['surname'].upper()},{p['forename']},{p['dob']},{p['source_id']},{PERP_ID},Measham,\n"
        f"2026-03-02,{i['surname']},{i['forename']},{i['dob']},{i['source_id']},,Ibstock,{IMPORT_NOTES}\n"
        f"not a date,{r['surname']},{r['forename']},{r['dob']},{r['source_id']},,Ibstock,\n",
        encoding="utf-8",
    )
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
    args.append(json.dumps([PERSON, PERP_ID, CASE_NOTES]))
    proc = subprocess.run(
        [sys.executable, "-c", SESSION, *args], env=env, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    facts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert facts == {"core": [0, 0], "dumpable": False}, "core dumps must be off in the CLI process"

    key_hex = unwrap_passphrase(Header.load(vault_dir), "coordinator", PASS).hex()
    secrets = [PASS, key_hex, key_hex.upper()]
    identities = [*IDENTITY_NEEDLES, *REJECTED_NEEDLES]
    needles = [*world.ALL, INCIDENT_MARKER, CASE_NOTES, IMPORT_NOTES, *identities, *secrets]

    # S9: logs (the debug log file) and stderr hold no case data, passphrase or key.
    logs = list(dirs["logs"].rglob("*"))
    assert any(p.is_file() and p.stat().st_size > 0 for p in logs), "the debug session logged nothing"
    for needle in needles:
        assert needle not in proc.stderr, f"stderr holds {needle[:12]}"
    # stdout is what the user asked to see (the recovery key at init, tables listing pseudonymous
    # client and participant codes); no secrets or case free text there either.
    shown_by_design = {world.IDENTITY["outreach_code"], world.IDENTITY["freedom_code"]}
    for needle in (*secrets, *identities, *(set(world.IDENTITY.values()) - shown_by_design)):
        assert needle not in proc.stdout, f"stdout holds {needle[:12]}"

    # S8 and S3: no marker, passphrase or key in any file left behind, in UTF-8 or UTF-16.
    scanned = 0
    hits = []
    for folder in (vault_dir, restored, *dirs.values()):
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            scanned += 1
            data = path.read_bytes().lower()
            for needle in needles:
                for encoded in (needle.lower().encode(), needle.lower().encode("utf-16-le")):
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

    # Identities: the rejects file (asked for with --skip-invalid) is the only file besides the
    # user's own import file that may hold one, only the rejected row's, and it is private (0600).
    rejects = out / "referrals.rejects.csv"
    assert rejects.stat().st_mode & 0o777 == 0o600
    held = rejects.read_text("utf-8-sig")
    assert REJECTED["surname"] in held and REJECTED["source_id"] in held  # positive control
    for needle in IDENTITY_NEEDLES:
        assert needle.lower() not in held.lower(), f"rejects file holds {needle[:12]}"
    for path in out.iterdir():
        if path.name in ("referrals.csv", "incidents.csv", rejects.name):
            continue
        data = path.read_bytes().lower()
        text = (
            "\n".join(p.extract_text() or "" for p in PdfReader(path).pages) if path.suffix == ".pdf" else ""
        )
        for needle in identities:
            assert needle.lower().encode() not in data and needle.lower() not in text.lower(), path.name

    # Identities are dropped after keying: not even the decrypted vault holds one.
    v = Vault.open(vault_dir, "coordinator", PASS)
    try:
        refs = {
            r[0]: tuple(r[1:]) for r in v.conn.execute("SELECT case_ref, is_repeat, notes FROM referrals")
        }
        assert len(refs) == 3 + 1 + 2, "3 seeded, 1 created, 2 imported (1 row rejected)"
        assert sum(1 for rep, _ in refs.values() if rep) == 1, "the imported repeat links by keys alone"
        assert any(n == CASE_NOTES for _, n in refs.values())  # positive control: a decrypted read
        dumped = []
        for (table,) in v.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            for row in v.conn.execute(f"SELECT * FROM {table}"):  # noqa: S608 - names from the schema
                dumped.extend(str(c).lower() for c in row if c is not None)
        blob = "\n".join(dumped)
        for needle in identities:
            assert needle.lower() not in blob, f"the vault keeps an identity: {needle[:12]}"
    finally:
        v.close()
