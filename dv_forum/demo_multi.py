"""A demo of one vault per person: the coordinator's demo vault split into its outreach workers' and
chair's own vaults in sibling folders, joined and exchanged once (synthetic data only)."""

from __future__ import annotations

from pathlib import Path

from dv_forum.demo import DEMO_PASSPHRASE, create_demo
from dv_forum.exchange import bundle, enrol
from dv_forum.exchange.split import split
from dv_forum.vault import KdfParams, Vault


def _join(file: Path, code: str, folder: Path) -> Vault:
    data = enrol.read_enrolment(file, code)
    vault, _ = Vault.create(folder, data["device"], DEMO_PASSPHRASE, kdf=KdfParams())
    with vault.transaction() as conn:
        enrol.join(conn, data)
        vault.audit("exchange.join", ref=data["peer"])
    vault.close()
    return Vault.open(folder, data["device"], DEMO_PASSPHRASE)


def exchange_once(frm: Vault, to: Vault) -> None:
    """One bundle from FRM to TO, applied (carried by hand, as a USB stick would)."""
    name = to.conn.execute("SELECT device FROM exchange_identity").fetchone()[0]
    with frm.transaction() as conn:
        blob = bundle.make(conn, name)
        frm.audit("exchange.send", ref=name)
    with to.transaction() as conn:
        counts, _ = bundle.receive(conn, blob)
        to.audit("exchange.receive", detail=f"applied {counts.applied}, conflicts {counts.conflicts}")


def sibling(folder: Path, name: str) -> Path:
    return folder.parent / f"{folder.name}-{name}"


def create_multi_demo(folder: Path, seed: int = 2026, scale: float = 1.0) -> dict[str, Path]:
    """The coordinator's vault in FOLDER; each outreach worker's and the chair's in FOLDER-NAME.
    Every vault opens with DEMO_PASSPHRASE. Returns user name -> vault folder."""
    coord = create_demo(folder, seed=seed, scale=scale)
    made = {coord.user.name: folder}
    try:
        leaving, _, _ = split(coord, sibling(folder, "enrolment"), DEMO_PASSPHRASE)
        for x in leaving:
            own = _join(Path(x.file), x.code, sibling(folder, x.user))
            try:
                exchange_once(coord, own)
                exchange_once(own, coord)
            finally:
                own.close()
            made[x.user] = sibling(folder, x.user)
            Path(x.file).unlink()
        sibling(folder, "enrolment").rmdir()
    finally:
        coord.close()
    return made
