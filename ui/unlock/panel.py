"""The locked screen: unlock with user and passphrase, or with the recovery key, or restore a
backup into a new folder.

It shows nothing from inside the vault: only the folder, the user name typed, and why an attempt
failed (wrong passphrase, damaged vault, newer version, locked out with a countdown).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.errors import LockedOut, UserError, VaultDamaged, VaultTooNew, WrongPassphrase
from ui.unlock.fields import secret_field
from ui.unlock.recovery_page import RecoveryPage
from ui.unlock.restore_page import RestorePage

UNLOCK_PAGE, RECOVERY_PAGE, RESTORE_PAGE = 0, 1, 2


class UnlockPanel(QWidget):
    unlock_requested = Signal(str, str)  # user, passphrase
    remembered_requested = Signal(str)  # user

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.setAccessibleName("Unlock the vault")
        layout = self._card()
        title = QLabel("dv-forum is locked")
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        self.where = QLabel("")
        self.where.setObjectName("hint")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self._build_unlock_page()
        self.recovery = RecoveryPage(self.show_unlock, lambda: bool(self._countdown))
        self.recovery_requested = self.recovery.requested
        self.pages.addWidget(self.recovery)
        self.restore = RestorePage(lambda: self.folder, self.show_unlock)
        self.restore_requested = self.restore.requested
        self.pages.addWidget(self.restore)
        self._build_feedback(layout)
        self._countdown = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self.set_folder(folder)

    def _card(self) -> QVBoxLayout:
        """The centred card the pages sit on; returns its layout."""
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("unlockCard")
        card.setMinimumWidth(420)
        card.setMaximumWidth(640)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(24, 20, 24, 20)
        return layout

    def _build_feedback(self, layout: QVBoxLayout) -> None:
        """Progress, status, the problem and its next step, under the page."""
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Working")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        self.message = QLabel("")
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Unlock problem")
        layout.addWidget(self.message)
        self.next_step = QLabel("")
        self.next_step.setObjectName("hint")
        self.next_step.setWordWrap(True)
        layout.addWidget(self.next_step)
        # Shown when the vault turns out to be damaged: the way out, one keypress away.
        self.offer_restore = QPushButton("Restore from a backup now…")
        self.offer_restore.setToolTip("Restore your latest backup into a new folder and open it there")
        self.offer_restore.clicked.connect(self.show_restore)
        self.offer_restore.setVisible(False)
        offer = QHBoxLayout()
        offer.addWidget(self.offer_restore)
        offer.addStretch(1)
        layout.addLayout(offer)

    # ----- pages -----
    def _build_unlock_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 8, 0, 0)
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.passphrase = secret_field("Passphrase")
        form.addRow("&User:", self.user)
        form.addRow("&Passphrase:", self.passphrase)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setToolTip("Unlock the vault (Enter)")
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)
        self.user.returnPressed.connect(self.passphrase.setFocus)
        self.remembered_button = QPushButton("Use &this device's key")
        self.remembered_button.setToolTip("Unlock with the key remembered in this computer's keyring")
        self.remembered_button.setVisible(False)
        self.remembered_button.clicked.connect(
            lambda: self.remembered_requested.emit(self.user.text().strip())
        )
        self.recovery_button = QPushButton("Use &recovery key…")
        self.recovery_button.setToolTip("Lost the passphrase? Unlock with the recovery key and set a new one")
        self.recovery_button.clicked.connect(self.show_recovery)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.remembered_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recovery_button)
        form.addRow(buttons)
        self.restore_button = QPushButton("Restore from bac&kup…")
        self.restore_button.setToolTip(
            "Restore a backup file into a new folder and open it there; this folder is left as it is"
        )
        self.restore_button.clicked.connect(self.show_restore)
        more = QHBoxLayout()
        more.addStretch(1)
        more.addWidget(self.restore_button)
        form.addRow(more)
        self.pages.addWidget(page)

    # ----- state -----
    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.where.setText(f"Vault: {folder}")

    def set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def set_remembered_available(self, available: bool) -> None:
        self.remembered_button.setVisible(available)

    def set_sole_user(self, sole: bool) -> None:
        """One person unlocks this vault: her name may be left out (the header does not hold it)."""
        self.sole_user = sole
        self.user.setPlaceholderText("optional: this vault has one user" if sole else "")

    def _page(self, index: int) -> None:
        # Size the stack to the page shown, so the messages sit right under its buttons.
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.updateGeometry()

    def show_unlock(self) -> None:
        self._page(UNLOCK_PAGE)
        self._clear_secrets()
        self.clear_message()
        (self.passphrase if self.user.text() else self.user).setFocus()

    def show_recovery(self) -> None:
        self._page(RECOVERY_PAGE)
        self.recovery.user.setText(self.user.text())
        self.clear_message()
        self.recovery.key.setFocus()

    def show_restore(self) -> None:
        self._page(RESTORE_PAGE)
        self._clear_secrets()
        self.clear_message()
        self.restore.prepare(self.user.text().strip())

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        user, passphrase = self.user.text().strip(), self.passphrase.text()
        if not passphrase or not (user or getattr(self, "sole_user", False)):
            self.show_message("Type your user name and passphrase.", "")
            return
        self.unlock_requested.emit(user, passphrase)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.status.setText(text if busy else "")
        for widget in (
            self.unlock_button,
            self.recovery_button,
            self.remembered_button,
            self.user,
            self.passphrase,
            self.recovery.button,
        ):
            widget.setEnabled(not busy and not self._countdown)
        # A restore opens another folder, so a countdown on this one does not hold it up.
        self.restore.busy = busy
        for widget in (self.restore_button, self.offer_restore, self.restore.go, *self.restore.inputs):
            widget.setEnabled(not busy)
        if not busy:
            self.recovery.check()
            self.restore.check()
            self.user.setEnabled(True)
            self.passphrase.setEnabled(True)

    def show_message(self, message: str, next_step: str, offer_restore: bool = False) -> None:
        self.message.setText(message)
        self.next_step.setText(next_step)
        self.offer_restore.setVisible(offer_restore)

    def clear_message(self) -> None:
        self.show_message("", "")

    def show_error(self, exc: BaseException) -> None:
        """Say which failure it was. Passphrase fields are emptied after every attempt."""
        self._clear_secrets(keep_recovery_key=True)
        if isinstance(exc, LockedOut):
            self.start_countdown(exc.seconds)
            return
        if isinstance(exc, WrongPassphrase):
            self.show_message("Wrong passphrase or user name.", exc.next_step)
        elif isinstance(exc, VaultDamaged):
            self.show_message(
                "The vault is damaged: the passphrase is right but the data cannot be read.",
                "Restore it from your latest backup: it goes into a new folder, which dv-forum then "
                "opens. This damaged folder is left as it is.",
                offer_restore=True,
            )
            self.offer_restore.setFocus()
            return
        elif isinstance(exc, VaultTooNew):
            self.show_message(exc.message, exc.next_step)
        elif isinstance(exc, UserError):
            self.show_message(exc.message, exc.next_step)
        else:
            from dv_forum.crash import write_report

            incident, _ = write_report(exc)
            self.show_message(
                f"Something went wrong inside dv-forum (incident {incident}).",
                "Nothing was changed. Please tell the person who looks after dv-forum.",
            )
        self.passphrase.setFocus()

    def show_restore_error(self, exc: BaseException) -> None:
        """Why a restore failed; it wrote nothing, so the form stays for another try."""
        self.restore.passphrase.clear()
        if isinstance(exc, WrongPassphrase):
            self.show_message("Wrong passphrase or user name for this backup.", exc.next_step)
            self.restore.passphrase.setFocus()
        elif isinstance(exc, UserError):
            self.show_message(exc.message, exc.next_step)
            self.restore.backup_file.setFocus()
        else:
            from dv_forum.crash import write_report

            incident, _ = write_report(exc)
            self.show_message(
                f"Something went wrong inside dv-forum while restoring (incident {incident}).",
                "Nothing was restored and no folder was changed. Please tell the person who looks "
                "after dv-forum.",
            )
        self.restore.check()

    def start_countdown(self, seconds: int) -> None:
        self._countdown = max(1, int(seconds))
        self._timer.start()
        self._show_countdown()
        self.set_busy(False)

    def tick(self) -> None:
        self._countdown = max(0, self._countdown - 1)
        if self._countdown == 0:
            self._timer.stop()
            self.clear_message()
            self.set_busy(False)
            self.passphrase.setFocus()
        else:
            self._show_countdown()

    def _show_countdown(self) -> None:
        self.show_message(
            f"Too many failed attempts: try again in {self._countdown} s.",
            "Wait, then type carefully (check Caps Lock). Use the recovery key if the passphrase is lost.",
        )

    @property
    def countdown(self) -> int:
        return self._countdown

    def _clear_secrets(self, keep_recovery_key: bool = False) -> None:
        self.passphrase.clear()
        self.recovery.clear_secrets(keep_key=keep_recovery_key)
        self.restore.passphrase.clear()

    def reset(self) -> None:
        """After a successful unlock: forget everything typed except the user name."""
        self._clear_secrets()
        self.recovery.key.clear()
        self.restore.reset()
        self.clear_message()
        self.set_busy(False)
        self._page(UNLOCK_PAGE)
