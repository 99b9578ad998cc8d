"""Crash reports that hold no case data: exception type and code locations, never messages or values."""

from __future__ import annotations

import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

from dv_forum import __version__, paths
from dv_forum.fsio import atomic_write, secure_mkdir


def write_report(exc: BaseException, folder: Path | None = None) -> tuple[str, Path | None]:
    """Write a report and return (incident id, path). Messages are left out: they may hold data."""
    incident = uuid.uuid4().hex[:8].upper()
    lines = [
        f"dv-forum {__version__} incident {incident}",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"error type: {type(exc).__module__}.{type(exc).__qualname__}",
        "where (innermost last):",
    ]
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    try:
        target_dir = secure_mkdir(folder or paths.log_dir())
        target = target_dir / f"crash-{incident}.txt"
        atomic_write(target, ("\n".join(lines) + "\n").encode())
    except OSError:
        return incident, None
    return incident, target
