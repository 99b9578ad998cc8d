"""The exchange operations both front ends call (the CLI's devices/exchange commands and the
desktop Exchange screen): each checks what it must, runs in one transaction and is audited the
same way, with device names and counts only, never case data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dv_forum.areas import Area, Changed
from dv_forum.errors import UserError
from dv_forum.exchange import bundle, conflicts, crypto, devices, enrol, journal
from dv_forum.exchange.apply import Counts
from dv_forum.fsio import atomic_write

if TYPE_CHECKING:
    from dv_forum.vault import Vault

SUFFIX = ".dvx"
# What a received change can touch: the replicated records of every area, and the exchange itself.
RECEIVED_AREAS = frozenset({Area.EXCHANGE, Area.CASES, Area.MARAC, Area.FREEDOM, Area.OUTREACH})


@dataclass(frozen=True)
class Enrolled:
    file: Path
    code: str
    fingerprint: str

    def to_dict(self) -> dict[str, str]:
        return {"file": str(self.file), "code": self.code, "fingerprint": self.fingerprint}


@dataclass
class Received:
    """What a receive did: the counts over every bundle read, warnings about a sender's audit log,
    one line per bundle that could not be applied (when asked to carry on), the files read."""

    counts: Counts = field(default_factory=Counts)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.counts.to_dict().items())


def this_device(vault: Vault) -> str | None:
    row = vault.conn.execute("SELECT device FROM exchange_identity").fetchone()
    return str(row[0]) if row else None


def enrol_device(vault: Vault, name: str, role: str, out: Path) -> Enrolled:
    """Register device NAME (outreach or chair) and write its enrolment file to OUT."""
    if vault.user.role.value != "coordinator":
        raise UserError("Only a coordinator's vault enrols devices.", "Run this on the coordinator's vault.")
    if not name.strip():
        raise UserError("The device needs a name.", "Use the person's first name, for example ann.")
    with vault.transaction() as conn:
        enrol.ensure_identity(conn, vault.user.name)
        code = enrol.enrol(conn, name, role, Path(out))
        device = devices.get(conn, name)
        vault.audit("exchange.enrol", ref=name)
    assert device is not None
    return Enrolled(Path(out), code, device.words)


def revoke_device(vault: Vault, name: str) -> None:
    with vault.transaction() as conn:
        devices.revoke(conn, name)
        vault.audit("exchange.revoke", ref=name)


def default_recipient(vault: Vault) -> str:
    """The coordinator, when this vault exchanges with exactly one."""
    peers = [d for d in devices.all_devices(vault.conn) if not d.revoked]
    coords = [d.name for d in peers if d.role == "coordinator"]
    if len(coords) == 1:
        return coords[0]
    raise UserError("Say which device the bundle is for.", "Use --to NAME (see dv-forum devices list).")


def send(vault: Vault, to: str | None, out_dir: Path) -> Path:
    """Write a bundle of everything device TO has not acknowledged into OUT_DIR; return its path."""
    to = to or default_recipient(vault)
    with vault.transaction() as conn:
        blob = bundle.make(conn, to)
        vault.audit("exchange.send", ref=to)
    seq = vault.conn.execute("SELECT next_seq FROM exchange_identity").fetchone()[0] - 1
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        target = Path(out_dir) / f"{this_device(vault)}-to-{to}-{seq}{SUFFIX}"
        atomic_write(target, blob)
    except OSError as exc:
        raise UserError(
            f"Cannot write the bundle: {exc.strerror}.", "Check the exchange folder exists and is writable."
        ) from None
    return target


def bundle_files(paths: list[Path], me: str | None) -> list[Path]:
    """The bundles among PATHS (folders are searched for *.dvx), leaving out those whose name says
    they are for another device (a shared folder holds every device's bundles)."""
    found: list[Path] = []
    for p in map(Path, paths):
        found += sorted(p.glob(f"*{SUFFIX}")) if p.is_dir() else [p]
    return [p for p in found if not p.is_dir() and not _for_another(p, me)]


def _for_another(path: Path, me: str | None) -> bool:
    if not me or "-to-" not in path.stem:
        return False
    return path.stem.split("-to-", 1)[1].rsplit("-", 1)[0] != me


def _receive_one(vault: Vault, path: Path, into: Received) -> None:
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path.name}: {exc.strerror}.", "Check the file is there.") from None
    with vault.transaction() as conn:
        counts, problem = bundle.receive(conn, blob)
        vault.audit(
            "exchange.receive",
            detail=f"applied {counts.applied}, conflicts {counts.conflicts}, refused {counts.refused}",
        )
        if counts.conflicts:
            vault.audit("exchange.conflict", detail=str(counts.conflicts))
    if problem:
        into.warnings.append(problem)
    if counts.refused:
        into.warnings.append(
            f"{counts.refused} changes this vault may not hold were refused; check the sender's "
            "enrolment role with dv-forum devices list"
        )
    for k in ("applied", "duplicates", "conflicts", "refused"):
        setattr(into.counts, k, getattr(into.counts, k) + getattr(counts, k))
    into.counts.held = counts.held


def receive(vault: Vault, paths: list[Path], keep_going: bool = False) -> Changed[Received]:
    """Apply the bundles in PATHS, each in its own transaction (all of a bundle or none of it).
    A bundle that cannot be applied raises its UserError, or with KEEP_GOING is noted in
    ``errors`` ("name: reason") and the rest are still applied."""
    result = Received()
    for path in bundle_files(paths, this_device(vault)):
        try:
            _receive_one(vault, path, result)
        except UserError as exc:
            if not keep_going:
                raise
            result.errors.append(f"{path.name}: {exc.message}")
            continue
        result.files.append(path)
    changed = RECEIVED_AREAS if result.counts.applied else frozenset({Area.EXCHANGE})
    return Changed(result, changed)


def open_conflicts(vault: Vault) -> list[conflicts.Conflict]:
    return conflicts.open_conflicts(vault.conn)


def resolve(vault: Vault, conflict_id: int, keep: str) -> None:
    with vault.transaction() as conn:
        conflicts.resolve(conn, conflict_id, keep)
        vault.audit("exchange.resolve", ref=str(conflict_id), detail=keep)


def conflict_rows(vault: Vault) -> list[dict[str, object]]:
    """The open conflicts side by side: each value with who set it and when, and the value every
    vault shows until someone decides."""
    rows = []
    for c in conflicts.open_conflicts(vault.conn):
        ours_by, ours_at = conflicts.our_side(vault.conn, c)
        shown = journal.values(vault.conn, c.record).get(c.field)
        rows.append(
            {
                **c.to_dict(),
                "ours_by": ours_by,
                "ours_at": ours_at,
                "theirs_by": c.by,
                "theirs_at": c.at,
                "shown": shown,
            }
        )
    return rows


def overview(vault: Vault) -> dict[str, object]:
    """What the Exchange screen shows: this device, its peers and the open conflicts."""
    me = this_device(vault)
    words = ""
    if me is not None:
        ident = devices.identity(vault.conn)
        words = crypto.fingerprint_words(ident.sign_pub, ident.box_pub)
    return {
        "device": me or "",
        "kind": devices.kind(vault.conn),
        "words": words,
        "devices": [d.to_dict() for d in devices.all_devices(vault.conn)],
        "conflicts": conflict_rows(vault),
    }
