"""Encrypted backups: one file holding the header and an encrypted export of the database.

Layout: MAGIC, 8-byte big-endian header length, the header JSON, then the SQLCipher database bytes
(encrypted with the same data key, so any user's passphrase or the recovery key restores it).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import struct
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dv_forum.errors import BackupDamaged, DiskFull, UserError, VaultDamaged
from dv_forum.fsio import _fsync_dir, atomic_writer, secure_mkdir
from dv_forum.vault import anchors, db
from dv_forum.vault.checkpoint import Checkpoint
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header
from dv_forum.vault.roles import Perm

if TYPE_CHECKING:
    from dv_forum.vault.vault import Vault

MAGIC = b"DVFORUM-BACKUP-1\n"
# The hidden files a backup writes beside its target while it runs; a killed backup leaves them.
EXPORT_PREFIX = ".dvf-export-"
PARTIAL_PREFIX = ".dvf-partial-"


def clean_partials(folder: Path) -> int:
    """Remove the hidden files interrupted backups left in ``folder``; return how many."""
    removed = 0
    for prefix in (EXPORT_PREFIX, PARTIAL_PREFIX):
        for path in Path(folder).glob(prefix + "*"):
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


def partials_note(removed: int) -> str:
    """A line telling the user what clean_partials removed ("" for nothing)."""
    if not removed:
        return ""
    return (
        f"\nRemoved {removed} hidden partial file{'s' if removed != 1 else ''} that an interrupted backup "
        "had left in that folder."
    )


def back_up(vault: Vault, target: Path) -> Path:
    """Vault.backup: partial files of interrupted backups in the target's folder are removed first
    (``vault.partials_removed`` says how many, for the message), then the backup is written with a
    signed audit checkpoint and the change counter is raised."""
    vault.require(Perm.BACKUP)
    vault.partials_removed = clean_partials(target.parent)
    write_backup(target, vault.conn, vault.header, checkpoint=anchors.signed_now(vault))
    with vault.transaction():
        detail = f"removed {vault.partials_removed} partial files" if vault.partials_removed else None
        vault.audit("backup", detail=detail)
        anchors.bump(vault)
    anchors.record(vault)
    return target


def _export(conn: db.Connection, data_key: bytes | None, tmp_db: Path) -> None:
    if data_key is None:
        # Without a KEY clause SQLCipher gives the attached database the main database's key.
        conn.execute("ATTACH DATABASE ? AS bk", (str(tmp_db),))
    else:
        conn.execute(f"ATTACH DATABASE ? AS bk KEY \"x'{data_key.hex()}'\"", (str(tmp_db),))
    try:
        conn.execute("SELECT sqlcipher_export('bk')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA bk.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE bk")


def backup_head(header: Header, checkpoint: Checkpoint | None) -> bytes:
    """The backup's header: the vault's slots but no "remember on this device" slot (a backup
    must not open with a keyring secret), and the signed audit checkpoint taken at the backup."""
    copy = Header.from_bytes(header.to_bytes())
    copy.remove_slots("keyring")
    body = json.loads(copy.to_bytes())
    if checkpoint is not None:
        body["audit_checkpoint"] = json.loads(checkpoint.to_bytes())
    return json.dumps(body, indent=1, sort_keys=True).encode()


def write_backup(
    target: Path,
    conn: db.Connection,
    header: Header,
    data_key: bytes | None = None,
    checkpoint: Checkpoint | None = None,
) -> None:
    """Write a backup file atomically (0600). The export happens in the target's folder."""
    target = Path(target)
    tmp_db = target.parent / f"{EXPORT_PREFIX}{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        tmp_db.unlink()  # sqlcipher makes it; the name is reserved and the folder is ours
        _export(conn, data_key, tmp_db)
        os.chmod(tmp_db, 0o600)
        head = backup_head(header, checkpoint)
        with atomic_writer(target, PARTIAL_PREFIX) as out:
            out.write(MAGIC)
            out.write(struct.pack(">Q", len(head)))
            out.write(head)
            with tmp_db.open("rb") as src:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull() from None
        raise
    finally:
        with contextlib.suppress(OSError):
            tmp_db.unlink()


def _read(source: Path, whole: bool) -> tuple[Header, bytes]:
    source = Path(source)
    try:
        with source.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            lead = fh.read(len(MAGIC) + 8)
            if not lead.startswith(MAGIC) or len(lead) < len(MAGIC) + 8:
                raise UserError(
                    "That file is not a dv-forum backup.",
                    "Choose a backup file (.dvbak) made by dv-forum's Back up now or 'dv-forum backup'.",
                )
            (length,) = struct.unpack(">Q", lead[len(MAGIC) :])
            if length >= size - len(lead):
                raise BackupDamaged("it is cut short")
            head = fh.read(length)
            db_bytes = fh.read() if whole else b""
    except OSError as exc:
        raise UserError(f"Cannot read the backup file {source}: {exc.strerror}.", "Check the path.") from None
    try:
        header = Header.from_bytes(head)
    except VaultDamaged:
        raise BackupDamaged("its key header is unreadable") from None
    return header, db_bytes


def read_checkpoint(source: Path) -> Checkpoint | None:
    """The signed audit checkpoint a backup carries (None: made before backups carried one)."""
    source = Path(source)
    try:
        with source.open("rb") as fh:
            fh.seek(len(MAGIC))
            (length,) = struct.unpack(">Q", fh.read(8))
            body = json.loads(fh.read(length))
        found = body.get("audit_checkpoint")
        return Checkpoint.from_bytes(json.dumps(found).encode()) if found else None
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        raise BackupDamaged("its audit checkpoint is unreadable") from None


def read_backup(source: Path) -> tuple[Header, bytes]:
    """The header and database bytes of a backup file. Checks the file's form before reading it
    whole, so choosing a large file that is not a backup costs nothing."""
    return _read(source, whole=True)


def read_backup_header(source: Path) -> Header:
    """Only the header of a backup (its users), reading a few kilobytes: quick enough for a form."""
    return _read(source, whole=False)[0]


_RESTORED_SUFFIX = re.compile(r"-restored-\d{4}-\d{2}-\d{2}(-\d+)?$")


def default_restore_folder(current: Path, today: date | None = None) -> Path:
    """A new folder beside ``current`` to restore into: NAME-restored-YYYY-MM-DD, then -2, -3 ...
    if that is taken. It never names anything that exists."""
    current = Path(current).expanduser().absolute()
    base = _RESTORED_SUFFIX.sub("", current.name) or "vault"
    stem = f"{base}-restored-{(today or date.today()).isoformat()}"
    candidate, n = current.parent / stem, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = current.parent / f"{stem}-{n}", n + 1
    return candidate


def restore_target_problem(folder: Path) -> str:
    """Why a backup cannot be restored into ``folder`` ("" = it can: the folder is new or empty)."""
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return f"{folder} is a file, not a folder."
    if folder.is_dir():
        try:
            if any(folder.iterdir()):
                return f"The folder {folder} is not empty."
        except OSError as exc:
            return f"The folder {folder} cannot be read ({exc.strerror})."
    return ""


def _refuse(problem: str) -> UserError:
    return UserError(problem, "Restore into a new, empty folder: nothing is ever restored over a vault.")


def _os_problem(exc: OSError, folder: Path) -> UserError:
    if exc.errno == errno.ENOSPC:
        return DiskFull()
    if isinstance(exc, PermissionError):
        return UserError(f"Cannot write to {folder}: permission denied.", "Choose a folder you can write to.")
    return UserError(
        f"Cannot write to {folder}: {exc.strerror}.", "Check the disk, or choose another folder."
    )


class StagedRestore:
    """A backup laid out as a vault folder in a hidden folder beside the target, then moved there.

    The target is untouched until ``commit``, which is one rename, so it is either the whole vault
    or as it was. ``discard`` removes everything this object made (the hidden folder, the target
    if the vault was moved there, parent folders it created): a failed restore leaves nothing.
    """

    def __init__(self, source: Path, folder: Path) -> None:
        self.header, self._db_bytes = read_backup(source)
        self.folder = Path(folder).expanduser().absolute()
        problem = restore_target_problem(self.folder)
        if problem:
            raise _refuse(problem)
        self._existed = self.folder.is_dir()
        self._made: list[Path] = []  # parent folders made for the target, deepest first
        self.staging: Path | None = None
        self._moved = False

    def lay_out(self) -> Path:
        """Write the vault's files into the hidden folder and return it."""
        parent = self.folder.parent
        missing = parent
        while not missing.exists():
            self._made.append(missing)
            missing = missing.parent
        try:
            if not parent.exists():
                # Only a folder made here is made private: an existing one belongs to the user.
                secure_mkdir(parent)
            staging = parent / f".{self.folder.name}.restoring-{secrets.token_hex(4)}"
            staging.mkdir(mode=0o700)
            self.staging = staging
            with atomic_writer(staging / DB_NAME) as out:
                out.write(self._db_bytes)
            with atomic_writer(staging / HEADER_NAME) as out:
                out.write(self.header.to_bytes())
        except OSError as exc:
            raise _os_problem(exc, parent) from None
        finally:
            self._db_bytes = b""
        return staging

    def commit(self) -> None:
        """Move the laid-out (and checked) vault to the target folder in one rename."""
        assert self.staging is not None
        problem = restore_target_problem(self.folder)
        if problem:
            raise _refuse(problem)
        try:
            if os.name != "posix" and self._existed:
                self.folder.rmdir()  # only POSIX renames over an empty folder
            os.rename(self.staging, self.folder)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise _refuse(f"The folder {self.folder} is not empty.") from None
            raise _os_problem(exc, self.folder.parent) from None
        self.staging, self._moved = None, True
        with contextlib.suppress(OSError):
            _fsync_dir(self.folder.parent)

    def discard(self) -> None:
        """Remove whatever this restore wrote; an empty target folder that existed stays."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._moved:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._moved = False
        if self._existed and not self.folder.exists():
            with contextlib.suppress(OSError):
                self.folder.mkdir(mode=0o700)
        for made in self._made:
            with contextlib.suppress(OSError):
                made.rmdir()  # only if still empty
        self._made = []


def restore_files(source: Path, folder: Path) -> None:
    """Lay a backup out as a vault folder (which must be new or empty), unchecked. On failure
    nothing is left behind. Vault.restore also unlocks and checks it before it reaches the folder."""
    staged = StagedRestore(source, folder)
    try:
        staged.lay_out()
        staged.commit()
    except BaseException:
        staged.discard()
        raise


def backup_before_migration(folder: Path, conn: db.Connection, header: Header, data_key: bytes) -> Path:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    backups = secure_mkdir(folder / "backups")
    target = backups / f"before-upgrade-v{version}-{date.today().isoformat()}.dvbak"
    write_backup(target, conn, header, data_key)
    return target
