"""Watching the exchange folder: a new or changed bundle there is received by itself, on the
database worker, while the vault is unlocked. Each file is taken once per size and time, so a
bundle that could not be applied is tried again only when it changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from dv_forum.areas import Changed
from dv_forum.exchange import service

Key = tuple[str, int, int]


def _key(path: Path) -> Key | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (path.name, st.st_size, st.st_mtime_ns)


Taken = tuple[service.Received, list[Key]]


def new_bundles(vault: Any, folder: Path, seen: frozenset[Key]) -> Changed[Taken]:
    """Runs on the worker: receive the bundles in FOLDER for this device not yet in SEEN."""
    fresh: list[tuple[Path, Key]] = []
    for path in service.bundle_files([folder], service.this_device(vault)) if folder.is_dir() else []:
        key = _key(path)
        if key is not None and key not in seen:
            fresh.append((path, key))
    done = service.receive(vault, [p for p, _ in fresh], keep_going=True)
    return Changed((done.value, [k for _, k in fresh]), done.areas)


class FolderWatch(QObject):
    """``received`` carries (Received, files taken) after each automatic receive that read a file."""

    received = Signal(object, int)

    def __init__(self, run: Callable[..., None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self.folder: Path | None = None
        self.seen: set[Key] = set()
        self._busy = False
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._soon)
        # A sync engine or a copy writes in several steps: wait until the folder is quiet.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.scan)

    def set_folder(self, folder: Path | None) -> None:
        """Watch FOLDER (None: stop) and take what is already there."""
        if folder == self.folder:
            return
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.folder = folder
        self.seen.clear()
        if folder is not None and folder.is_dir():
            self.watcher.addPath(str(folder))
            self.scan()

    @property
    def watching(self) -> bool:
        return bool(self.watcher.directories())

    def stop(self) -> None:
        self.timer.stop()
        self.set_folder(None)

    def _soon(self, _path: str = "") -> None:
        self.timer.start()

    def scan(self) -> None:
        if self.folder is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        folder, seen = self.folder, frozenset(self.seen)
        self._run(lambda v: new_bundles(v, folder, seen), on_done=self._done, on_error=self._failed)

    def _done(self, result: Changed[Taken]) -> None:
        received, keys = result.value
        self.seen.update(keys)
        self._finish()
        if keys:
            self.received.emit(received, len(keys))

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.received.emit(service.Received(errors=[getattr(exc, "message", type(exc).__name__)]), 0)

    def _finish(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.scan()
