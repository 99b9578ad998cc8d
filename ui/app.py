"""The application controller: owns the worker, the window, locking and quick exit.

It is the AppContext that screens receive (ctx.run, ctx.run_pool, ctx.user_name, ctx.role, ...).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from dv_forum import drafts
from dv_forum.areas import Area
from dv_forum.settings import get_setting
from dv_forum.vault import KdfParams, Vault, keyring_slot
from ui import dialogs, geometry
from ui.clipboard import SecretClipboard
from ui.launch_folder import remember_folder
from ui.main_window import MainWindow
from ui.passphrase_prompts import ask_own_passphrase
from ui.security import ActivityFilter, exclude_from_capture
from ui.unlock.prefill import prefill_user
from ui.vault_making import VaultMaking
from ui.widgets import wheel_guard
from ui.widgets.drafts import close_dialogs, drafts_of, keep_drafts, offer_drafts
from ui.worker import Worker

T = TypeVar("T")
# Event names and counts only, as the CLI logs: never names, case text, passphrases or paths.
log = logging.getLogger("dv_forum.app")


class Shell(QObject, VaultMaking):
    """One running program: a vault folder, its window and its worker thread."""

    window: MainWindow

    locked = Signal()
    unlocked = Signal()
    quick_exited = Signal(float)  # seconds from the gesture to the window being hidden

    def __init__(
        self,
        folder: Path,
        *,
        kdf: KdfParams | None = None,
        clock: Callable[[], float] = time.monotonic,
        vault_clock: Callable[[], float] = time.time,
        exit_app: Callable[[], None] | None = None,
        demo_passphrase: str = "",
        demo_user: str = "",
        folder_origin: str = "given",
    ) -> None:
        """``folder_origin`` says where the folder came from: "default" (no --vault and no
        DV_FORUM_VAULT: a folder restored into is then remembered as the new default), "option"
        (--vault), "env" (DV_FORUM_VAULT), "demo", or "given" (by the caller, e.g. a test)."""
        super().__init__()
        self.folder = Path(folder)
        self.folder_origin = folder_origin
        self.kdf = kdf
        self.vault_clock = vault_clock
        self.user_name = ""
        self.role = ""
        self.kind = "coordinator"
        self.is_unlocked = False
        self._exit_app = exit_app or QApplication.quit
        self._resume_key = "home"
        self.worker = Worker(self)
        self.worker.default_error = lambda exc: dialogs.show_exception(self.window, exc)
        self.worker.changed.connect(self._changed)
        self.clipboard = SecretClipboard(parent=self)
        self.activity = ActivityFilter(clock, self)
        self.activity.idle.connect(lambda: self.lock("autolock"))
        self.activity.quick_exit.connect(self.quick_exit)
        self.activity.countdown.connect(self._lock_countdown)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.activity)
        wheel_guard.install(app)
        self.window = MainWindow(self.folder)
        self.window.lock_requested.connect(self.lock)
        self.window.quick_exit_requested.connect(self.quick_exit)
        self.window.quit_requested.connect(self.quit)
        panel = self.window.unlock
        panel.unlock_requested.connect(self.unlock)
        panel.recovery_requested.connect(self.unlock_with_recovery)
        panel.remembered_requested.connect(self.unlock_remembered)
        panel.restore_requested.connect(self.restore)
        self.wizard: Any = None
        self.capture_note = ""
        self._quick_started: float | None = None
        if demo_passphrase:
            panel.set_banner(
                f"Demo vault with synthetic data only. User: {demo_user}   "
                f"Passphrase: {demo_passphrase}\n"
                "Also: ann, bea, cat (outreach workers) and chair (MARAC chair), same passphrase."
            )
            panel.user.setText(demo_user)
        self._prefill_user()

    # ----- start -----
    def start(self) -> None:
        if Vault.exists(self.folder):
            self._show_window()
        else:
            self.show_wizard()

    def _show_window(self) -> None:
        self._restore_geometry()
        self.window.show()
        _done, self.capture_note = exclude_from_capture(self.window)
        self.window.unlock.show_unlock()

    def show_wizard(self) -> None:
        from ui.wizard import FirstRunWizard

        self.wizard = FirstRunWizard(self.folder, self)
        self.wizard.completed.connect(self._wizard_done)
        self.wizard.rejected.connect(self.quit)
        self.wizard.show()

    def _prefill_user(self) -> None:
        prefill_user(self.window.unlock, self.folder)

    def _wizard_done(self, remember: bool, passphrase: str) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.hide()
            wizard.deleteLater()
        if remember and passphrase:
            self.run(lambda v: keyring_slot.enable(v, passphrase), changes=[Area.KEYRING])
        self._show_window()
        self._enter_workspace()

    # ----- AppContext -----
    def run(
        self,
        fn: Callable[[Vault], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        changes: Iterable[Area] = (),
    ) -> None:
        self.worker.run(fn, on_done, on_error, changes)

    def run_pool(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.worker.run_pool(fn, on_done, on_error)

    def copy_secret(self, text: str) -> None:
        self.clipboard.copy(text)

    def navigate(self, nav_key: str, view: str = "") -> None:
        self.window.show_screen(nav_key)
        if view:
            self.window.screen_for(nav_key).show_view(view)

    # ----- unlocking -----
    def unlock(self, user: str, passphrase: str) -> None:
        folder, clock = self.folder, self.vault_clock
        self.window.unlock.set_busy(True, "Unlocking… (checking the passphrase takes a moment)")
        self._must_change_old = passphrase
        self.worker.open(
            lambda: Vault.open(folder, user, passphrase, clock=clock),
            on_done=self._opened,
            on_error=self._unlock_failed,
        )

    def unlock_with_recovery(self, recovery_key: str, user: str, new_passphrase: str) -> None:
        folder, clock = self.folder, self.vault_clock
        self.window.unlock.set_busy(True, "Checking the recovery key…")
        self.worker.open(
            lambda: Vault.open_with_recovery(folder, recovery_key, user, new_passphrase, clock=clock),
            on_done=self._opened,
            on_error=self._unlock_failed,
        )

    def unlock_remembered(self, user: str) -> None:
        folder = self.folder
        self.window.unlock.set_busy(True, "Asking the system keyring…")
        self.worker.open(
            lambda: keyring_slot.open_remembered(folder, user),
            on_done=self._opened,
            on_error=self._unlock_failed,
        )

    # ----- restoring a backup (from the unlock screen) -----
    def restore(self, source: str, folder: str, user: str, passphrase: str) -> None:
        """Restore a backup into a new folder on the worker; on success switch to that folder."""
        old, target = self.folder, Path(folder).expanduser().absolute()
        self.window.unlock.set_busy(
            True, "Restoring the backup and checking every page… (a large vault takes a minute)"
        )
        self._must_change_old = passphrase
        self.worker.open(
            lambda: Vault.restore(Path(source), target, user, passphrase),
            on_done=lambda info: self._restored(info, old, target),
            on_error=self._restore_failed,
        )

    def _restore_failed(self, exc: BaseException) -> None:
        self._must_change_old = ""
        self.window.unlock.set_busy(False)
        self.window.unlock.show_restore_error(exc)

    def _restored(self, info: dict[str, Any], old: Path, target: Path) -> None:
        self.folder = target
        panel = self.window.unlock
        panel.set_folder(target)
        panel.user.clear()
        self._prefill_user()  # the restored header's users and keyring slot
        if not panel.user.text():
            panel.user.setText(info["user"])
        next_time = remember_folder(target, self.folder_origin)
        old_change, self._must_change_old = self._must_change_old, ""
        self._opened(info, show=False)
        self._enter_workspace()
        dialogs.info(
            self.window,
            "Backup restored",
            f"The backup was restored and checked. dv-forum is now using the vault in {target}\n\n"
            f"The old folder {old} was left untouched.",
            next_time,
        )
        if info.get("must_change") and old_change:
            self._force_change(old_change)

    def _unlock_failed(self, exc: BaseException) -> None:
        log.info("unlock failed: %s", type(exc).__name__)
        self._must_change_old = ""
        self.window.unlock.set_busy(False)
        self.window.unlock.show_error(exc)

    def _opened(self, info: dict[str, Any], show: bool = True) -> None:
        self.user_name, self.role = info["user"], info["role"]
        self.kind = info.get("kind", "coordinator")
        log.info("unlocked (role %s) in a %s vault", self.role, self.kind)
        self.is_unlocked = True
        old, self._must_change_old = getattr(self, "_must_change_old", ""), ""
        if show:
            self._enter_workspace()
            if info.get("must_change") and old:
                self._force_change(old)

    def _enter_workspace(self) -> None:
        self.window.unlock.reset()
        self.window.build_screens(self)
        self.window.show_workspace(self.user_name, self.role, self._resume_key, self.kind)
        self.window.start_screens()
        self.run(drafts.take_drafts, on_done=lambda found: offer_drafts(self.window, found))
        self._arm_autolock()
        self.unlocked.emit()

    def _arm_autolock(self) -> None:
        from dv_forum.session import AUTO_LOCK_MINUTES

        self.run(
            lambda v: get_setting(v.conn, AUTO_LOCK_MINUTES),
            on_done=lambda minutes: self.activity.arm(60.0 * minutes),
        )

    def _force_change(self, old: str) -> None:
        new = ask_own_passphrase(self.window)
        if not new:
            # Nothing else may be done with a one-time passphrase: cancelling locks again.
            self.lock("one-time passphrase not changed")
            return

        def failed(exc: BaseException) -> None:
            dialogs.show_exception(self.window, exc)
            self.lock("one-time passphrase not changed")

        self.run(
            lambda v: v.change_passphrase(old, new),
            changes=[Area.USERS],
            on_done=lambda r: dialogs.info(
                self.window, "Passphrase", "Your passphrase was changed.", r.notice()
            ),
            on_error=failed,
        )

    def _changed(self, areas: frozenset[Area]) -> None:
        if Area.SESSION in areas:
            self._arm_autolock()
        for screen in list(self.window.screens):
            screen.on_changed(areas)

    # ----- locking -----
    def _lock_countdown(self, seconds: int) -> None:
        """A minute's warning before the idle lock: time to save, or to move the mouse."""
        bar = self.window.statusBar()
        if seconds:
            bar.showMessage(
                f"Locking in {seconds} s for inactivity. Move the mouse or press a key to stay "
                "signed in; anything unsaved is kept as a draft."
            )
        else:
            bar.clearMessage()

    def lock(self, reason: str = "lock", on_closed: Callable[[Any], None] | None = None) -> None:
        """Close the database, drop every screen (after clear()), show the unlock screen."""
        if not self.is_unlocked:
            if on_closed is not None:
                on_closed(None)
            return
        self.is_unlocked = False
        log.info("locked (%s)", reason)
        self.activity.disarm()
        self._resume_key = self.window.current_key()
        kept = drafts_of(self.window.screens)  # before the forms are emptied
        close_dialogs()  # a dialog left open over the unlock screen would show case data
        for screen in self.window.screens:
            screen.clear()
        self.window.destroy_screens()
        self.clipboard.clear_if_ours()
        self.user_name = self.role = ""
        self.window.show_locked()
        self.worker.close(reason, before=keep_drafts(kept), on_done=on_closed)
        self.locked.emit()

    def quick_exit(self) -> None:
        started = time.perf_counter()
        for widget in QApplication.topLevelWidgets():
            widget.hide()
        self.quick_exited.emit(time.perf_counter() - started)
        self.clipboard.clear_all()
        # The close job audits "quick_exit" before the connection is dropped.
        self.lock("quick_exit", on_closed=lambda _: self._exit_app())
        # If the worker is stuck, leave anyway: the window is already gone.
        QTimer.singleShot(5000, self._exit_app)

    def quit(self) -> None:
        self.lock("exit", on_closed=lambda _: self._exit_app())

    # ----- window geometry (the only thing kept outside the vault) -----
    def _restore_geometry(self) -> None:
        geometry.restore(self.window)

    def save_geometry(self) -> None:
        geometry.save(self.window)

    def shutdown(self) -> None:
        """Stop the worker (closing the vault) and detach from the application."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.activity)
        self.activity.stop()
        self.window.stop_building()
        counts = self.worker.counts
        log.info("closing: %d operations, %d failed", counts["run"] + counts["pool"], counts["failed"])
        self.worker.shutdown("exit")
        for widget in (self.window, self.wizard):
            if isinstance(widget, QWidget):
                widget.hide()
                widget.deleteLater()
