"""Encrypted backups: one file holding the header and an encrypted export of the database.

Layout: MAGIC, 8-byte big-endian header length, the header JSON, then the SQLCipher database bytes
(encrypted with the same data key, so any user's passphrase or the recovery key restores it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import struct
from datetime import date
from pathlib import Path

from dv_forum.errors import UserError
from dv_forum.fsio import atomic_writer, secure_mkdir
from dv_forum.vault import db
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header

MAGIC = b"DVFORUM-BACKUP-1\n"


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


def write_backup(target: Path, conn: db.Connection, header: Header, data_key: bytes | None = None) -> None:
    """Write a backup file atomically (0600). The export happens in the target's folder."""
    target = Path(target)
    tmp_db = target.parent / f".dvf-export-{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        tmp_db.unlink()  # sqlcipher makes it; the name is reserved and the folder is ours
        _export(conn, data_key, tmp_db)
        os.chmod(tmp_db, 0o600)
        head = header.to_bytes()
        with atomic_writer(target) as out:
            out.write(MAGIC)
            out.write(struct.pack(">Q", len(head)))
            out.write(head)
            with tmp_db.open("rb") as src:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
    except OSError as exc:
        if exc.errno == 28:
            from dv_forum.errors import DiskFull

            raise DiskFull() from None
        raise
    finally:
        with contextlib.suppress(OSError):
            tmp_db.unlink()


def read_backup(source: Path) -> tuple[Header, bytes]:
    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read the backup file {source}: {exc.strerror}.", "Check the path.") from None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
        raise UserError("That file is not a dv-forum backup.", "Choose a file made by 'dv-forum backup'.")
    (length,) = struct.unpack(">Q", data[len(MAGIC) : len(MAGIC) + 8])
    start = len(MAGIC) + 8
    header = Header.from_bytes(data[start : start + length])
    return header, data[start + length :]


def restore_files(source: Path, folder: Path) -> None:
    """Lay a backup out as a vault folder (which must be new or empty)."""
    header, db_bytes = read_backup(source)
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"The folder {folder} is not empty.", "Restore into a new, empty folder.")
    secure_mkdir(folder)
    with atomic_writer(folder / DB_NAME) as out:
        out.write(db_bytes)
    with atomic_writer(folder / HEADER_NAME) as out:
        out.write(header.to_bytes())


def backup_before_migration(folder: Path, conn: db.Connection, header: Header, data_key: bytes) -> Path:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    backups = secure_mkdir(folder / "backups")
    target = backups / f"before-upgrade-v{version}-{date.today().isoformat()}.dvbak"
    write_backup(target, conn, header, data_key)
    return target
