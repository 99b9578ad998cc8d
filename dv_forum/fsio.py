"""Atomic, permission-first file writing for every file the program writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dv_forum.errors import DiskFull, UserError


def secure_mkdir(path: Path) -> Path:
    """Create ``path`` (and parents) with owner-only permissions."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path, prefix: str = ".tmp-") -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``target`` only when the block finishes without error.

    The temporary file lives in the target's folder (so os.replace is atomic), is made 0600 before
    any data is written, and is fsynced before the rename.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist.", "Choose an existing folder.")
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, dir=folder)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFull() from None
        if isinstance(exc, PermissionError):
            raise UserError(
                f"Cannot write to {folder}: permission denied.", "Choose a folder you can write to."
            ) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: Path, data: bytes) -> None:
    with atomic_writer(target) as fh:
        fh.write(data)
