"""Real (encrypted) vaults in a test's tmp folder, enrolled and joined as the CLI does it."""

from __future__ import annotations

from pathlib import Path

from dv_forum.exchange import bundle, enrol
from dv_forum.exchange.apply import Counts
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE


def coordinator(folder: Path) -> Vault:
    vault, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    return vault


def enrol_and_join(coord: Vault, name: str, role: str, folder: Path) -> Vault:
    """Enrol device NAME on the coordinator's vault and create its own vault in FOLDER."""
    with coord.transaction() as conn:
        enrol.ensure_identity(conn, coord.user.name)
        code = enrol.enrol(conn, name, role, folder.parent / f"{name}.dve")
    return join(folder.parent / f"{name}.dve", code, folder)


def join(file: Path, code: str, folder: Path) -> Vault:
    data = enrol.read_enrolment(file, code)
    vault, _ = Vault.create(folder, data["device"], PASSPHRASE, kdf=FLOOR_KDF)
    with vault.transaction() as conn:
        enrol.join(conn, data)
    vault.close()  # opened again as the enrolled role, as the CLI's join leaves it
    return Vault.open(folder, data["device"], PASSPHRASE)


def exchange(frm: Vault, to: Vault) -> Counts:
    """One bundle from FRM to TO, carried by hand."""
    me = to.conn.execute("SELECT device FROM exchange_identity").fetchone()[0]
    with frm.transaction() as conn:
        blob = bundle.make(conn, me)
    with to.transaction() as conn:
        counts, _ = bundle.receive(conn, blob)
    return counts
