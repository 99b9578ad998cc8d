"""The bridge between the GUI thread and the core.

One database worker thread owns the vault (and so the SQLCipher connection): the vault is opened,
used and closed only there. Results come back to the GUI thread by signal. Work that needs no
database (keyring calls, PDF rendering) runs on a separate QThreadPool.

Every job carries the session generation it was submitted in. Locking starts a new generation, so
results of jobs that were still running when the vault locked are dropped, not shown.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from dv_forum.areas import Area, Changed, areas
from dv_forum.errors import UserError, as_user_error
from dv_forum.exchange.devices import kind as exchange_kind

if TYPE_CHECKING:
    from dv_forum.vault import Vault

T = TypeVar("T")
log = logging.getLogger("dv_forum.app")


class VaultLocked(UserError):
    def __init__(self) -> None:
        super().__init__("The vault is locked.", "Unlock it and try again.")


@dataclass(eq=False)
class Job(Generic[T]):
    """One operation. ``changes`` are the areas it changes; a result of type Changed adds its own
    (the core knows what a setting change touches), and on_done still receives that result."""

    kind: str  # "run" (fn(vault)), "open" (fn() -> Vault), "close" (fn(vault) then close), "pool"
    fn: Callable[..., T]
    on_done: Callable[[T], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    changes: frozenset[Area] = frozenset()
    generation: int = 0
    ident: int = 0
    result: Any = None
    error: BaseException | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _DbExecutor(QObject):
    """Lives on the database thread. Holds the only reference to the open vault."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.vault: Any = None

    @Slot(object)
    def execute(self, job: Job[Any]) -> None:
        try:
            if job.kind == "open":
                self._close("lock")
                vault = job.fn()
                self.vault = vault
                job.result = {
                    "user": vault.user.name,
                    "role": vault.user.role.value,
                    "must_change": vault.user.must_change,
                    "kind": exchange_kind(vault.conn),
                }
            elif job.kind == "close":
                if self.vault is not None and job.fn is not None:
                    job.fn(self.vault)
                self._close(job.extra.get("reason", "lock"))
                if job.extra.get("stop"):
                    QThread.currentThread().quit()
                    return
            else:
                if self.vault is None or not self.vault.is_open:
                    raise VaultLocked()
                job.result = job.fn(self.vault)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread's on_error
            # The one place a database or disk failure becomes the user error it is, so every
            # screen's on_error (and the default dialog) sees "disk full", not a bug report.
            job.error = as_user_error(exc)
        self.finished.emit(job)

    def _close(self, reason: str) -> None:
        vault, self.vault = self.vault, None
        if vault is not None:
            vault.close(reason)


class _PoolTask(QRunnable):
    def __init__(self, job: Job[Any], signal: Any) -> None:
        super().__init__()
        self.job = job
        self.signal = signal
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            self.job.result = self.job.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread's on_error
            self.job.error = as_user_error(exc)
        self.signal.emit(self.job)


class Worker(QObject):
    """Submit jobs from the GUI thread; callbacks run on the GUI thread."""

    _submit = Signal(object)
    _pool_done = Signal(object)
    job_finished = Signal(object)  # every job, after its callbacks (tests and the shell listen)
    changed = Signal(object)  # frozenset[Area] changed by a successful "run" job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._ids = itertools.count(1)
        self._pending: set[int] = set()
        self._thread = QThread()
        self._thread.setObjectName("dv-forum-db")
        self._executor = _DbExecutor()
        self._executor.moveToThread(self._thread)
        self._submit.connect(self._executor.execute)
        self._executor.finished.connect(self._finished)
        self._pool_done.connect(self._finished)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.default_error: Callable[[BaseException], None] | None = None
        self.counts: Counter[str] = Counter()  # operations finished and failed, for the log
        self._thread.start()

    # ----- submitting -----
    def _enqueue(self, job: Job[T]) -> Job[T]:
        job.generation = self.generation
        job.ident = next(self._ids)
        self._pending.add(job.ident)
        if job.kind == "pool":
            self.pool.start(_PoolTask(job, self._pool_done))
        else:
            self._submit.emit(job)
        return job

    def run(
        self,
        fn: Callable[[Vault], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        changes: Iterable[Area] = (),
    ) -> Job[T]:
        return self._enqueue(Job("run", fn, on_done, on_error, areas(changes)))

    def run_pool(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Job[T]:
        return self._enqueue(Job("pool", fn, on_done, on_error))

    def open(
        self,
        opener: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Job[Any]:
        """Run ``opener()`` (Vault.open, Vault.create, ...) on the database thread; it becomes the
        vault that later jobs receive. on_done gets {"user", "role", "must_change", "kind"} (the
        vault's kind: coordinator, outreach or chair)."""
        return self._enqueue(Job("open", opener, on_done, on_error))

    def close(
        self,
        reason: str = "lock",
        before: Callable[[Any], Any] | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> Job[Any]:
        """Start a new generation (pending results are dropped); close the vault on its thread."""
        self.generation += 1
        job = Job("close", before, on_done, None, extra={"reason": reason})  # type: ignore[arg-type]
        job.ident = next(self._ids)
        job.generation = self.generation
        self._pending.add(job.ident)
        self._submit.emit(job)
        return job

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # ----- results -----
    @Slot(object)
    def _finished(self, job: Job[Any]) -> None:
        self._pending.discard(job.ident)
        self.counts[job.kind] += 1
        if job.error is not None:
            self.counts["failed"] += 1
            # The type only: an exception's text may quote case data.
            log.info("%s operation failed: %s", job.kind, type(job.error).__name__)
        if job.generation == self.generation:
            if job.error is None:
                changed = job.changes
                if isinstance(job.result, Changed):
                    changed = changed | job.result.areas
                if job.on_done is not None:
                    job.on_done(job.result)
                if job.kind == "run" and changed:
                    self.changed.emit(changed)
            else:
                handler = job.on_error or self.default_error
                if handler is not None:
                    handler(job.error)
        job.result = None  # drop whatever the job carried
        self.job_finished.emit(job)

    def shutdown(self, reason: str = "exit") -> None:
        """Close the vault on its thread and stop the thread (blocks; only at exit)."""
        if not self._thread.isRunning():
            return
        self.generation += 1
        job: Job[None] = Job("close", None, extra={"reason": reason, "stop": True})  # type: ignore[arg-type]
        self._submit.emit(job)
        self.pool.waitForDone(5000)
        self._thread.quit()
        self._thread.wait(5000)
