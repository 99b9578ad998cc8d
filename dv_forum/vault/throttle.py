"""Online-guessing throttle, shared by every passphrase check of one vault (S25).

Rule: the first three failures cost nothing; from the 4th the wait doubles (2 s, 4 s, 8 s ... up to
5 minutes), and no more than 10 failures are accepted in any 5-minute window.

The counter is kept twice: in the config folder, keyed by the vault's id (so unlocking, restoring one
of its backups and the CLI share it), and beside the header while failures are pending. Deleting one
copy does not reset it; an unreadable copy, or a vault-folder copy whose config copy has gone, means
locked for the full window, until a successful unlock clears it.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from dv_forum import paths
from dv_forum.fsio import atomic_write, secure_mkdir

THROTTLE_NAME = "unlock.throttle"
FREE_FAILURES = 3
WINDOW_S = 300.0
MAX_IN_WINDOW = 10
MAX_DELAY_S = 300.0

Clock = Callable[[], float]


class _Unreadable(Exception):
    pass


def _read(path: Path) -> dict[str, object] | None:
    """The counter at ``path``: None when absent; _Unreadable when present but not a plain counter."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        raise _Unreadable()
    try:
        data = json.loads(path.read_text())
        if not isinstance(data, dict):
            raise _Unreadable()
        [float(x) for x in data.get("failures", [])]
        int(data.get("unaudited", 0))
        return data
    except (OSError, ValueError, TypeError):
        raise _Unreadable() from None


def _vault_id(folder: Path) -> str:
    from dv_forum.vault.header import Header

    return Header.load(folder).vault_id


class Throttle:
    def __init__(self, folder: Path | None, clock: Clock = time.time, vault_id: str | None = None) -> None:
        self.path = folder / THROTTLE_NAME if folder is not None else None
        vault_id = vault_id or (_vault_id(folder) if folder is not None else "")
        self.shared = paths.config_dir() / "throttle" / f"{vault_id or 'unknown'}.json"
        self.clock = clock
        self.failures: list[float] = []
        self.unaudited = 0
        self._load()

    def _load(self) -> None:
        try:
            shared = _read(self.shared)
            local = _read(self.path) if self.path is not None else None
        except _Unreadable:
            self._lock()
            return
        if shared is None and local is not None:
            self._lock()  # the config copy was removed to reset the count
            return
        for data in (shared, local):
            if data:
                failures = data.get("failures", [])
                found = [float(x) for x in failures] if isinstance(failures, list) else []
                # Both copies are written together; the longer one is the one not rolled back.
                if len(found) > len(self.failures):
                    self.failures = sorted(found)
                self.unaudited = max(self.unaudited, int(str(data.get("unaudited", 0))))

    def _lock(self) -> None:
        now = self.clock()
        self.failures = [now] * MAX_IN_WINDOW
        self.unaudited = max(self.unaudited, 1)
        self._save()

    def _save(self) -> None:
        body = json.dumps({"failures": self.failures[-50:], "unaudited": self.unaudited}).encode()
        secure_mkdir(self.shared.parent)
        _replace(self.shared, body)
        if self.path is not None:
            _replace(self.path, body)

    def wait_seconds(self) -> int:
        """Seconds the caller must still wait before the next attempt (0 = may try now)."""
        now = self.clock()
        waits = [0.0]
        n = len(self.failures)
        if n >= FREE_FAILURES:
            delay = min(MAX_DELAY_S, 2.0 ** (n - FREE_FAILURES + 1))
            waits.append(self.failures[-1] + delay - now)
        recent = [t for t in self.failures if now - t < WINDOW_S]
        if len(recent) >= MAX_IN_WINDOW:
            waits.append(recent[-MAX_IN_WINDOW] + WINDOW_S - now)
        remaining = max(waits)
        return int(remaining) + (1 if remaining > int(remaining) else 0)

    def record_failure(self) -> None:
        self.failures.append(self.clock())
        self.unaudited += 1
        self._save()

    def record_success(self) -> int:
        """Reset the counter; return how many failures happened since the last audit."""
        missed = self.unaudited
        self.failures, self.unaudited = [], 0
        secure_mkdir(self.shared.parent)
        _replace(self.shared, json.dumps({"failures": [], "unaudited": 0}).encode())
        if self.path is not None:
            # Only pending failures are kept beside the vault, so a vault copied to a new device opens.
            _remove(self.path)
        return missed


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _replace(path: Path, body: bytes) -> None:
    if path.is_symlink() or (path.exists() and not path.is_file()):
        _remove(path)
    atomic_write(path, body)
