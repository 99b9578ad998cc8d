"""Two real vaults on disk that exchange: a coordinator's and an outreach worker's (or a chair's),
enrolled and joined through the same functions the CLI and the app use."""

from __future__ import annotations

from pathlib import Path

from dv_forum.exchange import enrol, journal, service
from dv_forum.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery staple"
FLOOR_KDF = KdfParams()


def coordinator(folder: Path, name: str = "coord") -> Path:
    vault, _ = Vault.create(folder, name, PASSPHRASE, kdf=FLOOR_KDF)
    with vault.transaction():
        vault.conn.execute("UPDATE users SET must_change = 0")
    vault.close()
    return folder


def joined(
    coord: Path, folder: Path, name: str = "ann", role: str = "outreach", coord_user: str = "coord"
) -> Path:
    """Enrol NAME on the coordinator's vault and create her vault from the file."""
    v = Vault.open(coord, coord_user, PASSPHRASE)
    try:
        done = service.enrol_device(v, name, role, folder.parent / f"{name}.dve")
    finally:
        v.close()
    data = enrol.read_enrolment(done.file, done.code)
    mine, _ = Vault.create(folder, name, PASSPHRASE, kdf=FLOOR_KDF)
    try:
        with mine.transaction() as conn:
            enrol.join(conn, data)
            conn.execute("UPDATE users SET must_change = 0")
    finally:
        mine.close()
    return folder


def change(
    folder: Path, user: str, record: str, values: dict[str, str | None], audience: str = "ann"
) -> None:
    v = Vault.open(folder, user, PASSPHRASE)
    try:
        with v.transaction() as conn:
            journal.record_change(conn, record, values, audience=audience)
    finally:
        v.close()


def carry(frm: Path, user: str, to: str | None, box: Path, into: Path, into_user: str) -> service.Received:
    """Send from one vault into BOX and receive it on the other."""
    v = Vault.open(frm, user, PASSPHRASE)
    try:
        service.send(v, to, box)
    finally:
        v.close()
    w = Vault.open(into, into_user, PASSPHRASE)
    try:
        return service.receive(w, [box]).value
    finally:
        w.close()


def conflict_between(tmp: Path) -> tuple[Path, Path]:
    """A coordinator's vault holding one open conflict: client:1's locality, East here, West from ann."""
    coord = coordinator(tmp / "coord")
    ann = joined(coord, tmp / "ann")
    change(coord, "coord", "client:1", {"locality": "North"})
    carry(coord, "coord", "ann", tmp / "down", ann, "ann")
    change(ann, "ann", "client:1", {"locality": "West"})
    change(coord, "coord", "client:1", {"locality": "East"})
    got = carry(ann, "ann", None, tmp / "up", coord, "coord")
    assert got.counts.conflicts == 1
    return coord, ann
