"""The locked screen: unlock with user and passphrase, or with the recovery key.

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
from dv_forum.vault import policy


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class UnlockPanel(QWidget):
    unlock_requested = Signal(str, str)  # user, passphrase
    recovery_requested = Signal(str, str, str)  # recovery key, user, new passphrase
    remembered_requested = Signal(str)  # user

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Unlock the vault")
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
        self._build_recovery_page()
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
        self._countdown = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self.set_folder(folder)

    # ----- pages -----
    def _build_unlock_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 8, 0, 0)
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.passphrase = _secret_field("Passphrase")
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
        self.remembered_button.setToolTip(
            "Unlock with the key remembered in this computer's keyring"
        )
        self.remembered_button.setVisible(False)
        self.remembered_button.clicked.connect(
            lambda: self.remembered_requested.emit(self.user.text().strip())
        )
        self.recovery_button = QPushButton("Use &recovery key…")
        self.recovery_button.setToolTip(
            "Lost the passphrase? Unlock with the recovery key and set a new one"
        )
        self.recovery_button.clicked.connect(self.show_recovery)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.remembered_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recovery_button)
        form.addRow(buttons)
        self.pages.addWidget(page)

    def _build_recovery_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 8, 0, 0)
        intro = QLabel("Type the recovery key from the printed sheet, and choose a new passphrase.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName("Recovery key")
        self.recovery_user = QLineEdit()
        self.recovery_user.setAccessibleName("User name")
        self.new_passphrase = _secret_field("New passphrase")
        self.new_again = _secret_field("New passphrase again")
        self.recovery_problems = QLabel("")
        self.recovery_problems.setObjectName("hint")
        self.recovery_problems.setWordWrap(True)
        form.addRow("Recovery &key:", self.recovery_key)
        form.addRow("&User:", self.recovery_user)
        form.addRow("&New passphrase:", self.new_passphrase)
        form.addRow("&Again:", self.new_again)
        form.addRow(self.recovery_problems)
        self.new_passphrase.textChanged.connect(self._check_new)
        self.new_again.textChanged.connect(self._check_new)
        buttons = QHBoxLayout()
        self.recover_button = QPushButton("Unlock and &set passphrase")
        self.recover_button.setEnabled(False)
        self.recover_button.clicked.connect(self._recover)
        back = QPushButton("&Back")
        back.setToolTip("Back to the passphrase (Esc)")
        back.setShortcut("Esc")
        back.clicked.connect(self.show_unlock)
        buttons.addWidget(self.recover_button)
        buttons.addStretch(1)
        buttons.addWidget(back)
        form.addRow(buttons)
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

    def _page(self, index: int) -> None:
        # Size the stack to the page shown, so the messages sit right under its buttons.
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(policy, policy)
        self.pages.setCurrentIndex(index)
        self.pages.adjustSize()

    def show_unlock(self) -> None:
        self._page(0)
        self._clear_secrets()
        self.clear_message()
        (self.passphrase if self.user.text() else self.user).setFocus()

    def show_recovery(self) -> None:
        self._page(1)
        self.recovery_user.setText(self.user.text())
        self.clear_message()
        self.recovery_key.setFocus()

    def _check_new(self) -> None:
        new, again = self.new_passphrase.text(), self.new_again.text()
        problems = policy.problems(new) if new else ["choose a new passphrase"]
        if not problems and new != again:
            problems = ["the two new passphrases differ"]
        self.recovery_problems.setText("; ".join(problems).capitalize() + "." if problems else "")
        self.recover_button.setEnabled(not problems and not self._countdown)

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        user, passphrase = self.user.text().strip(), self.passphrase.text()
        if not user or not passphrase:
            self.show_message("Type your user name and passphrase.", "")
            return
        self.unlock_requested.emit(user, passphrase)

    def _recover(self) -> None:
        self.recovery_requested.emit(
            self.recovery_key.text().strip(),
            self.recovery_user.text().strip(),
            self.new_passphrase.text(),
        )

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.status.setText(text if busy else "")
        for widget in (
            self.unlock_button,
            self.recovery_button,
            self.remembered_button,
            self.user,
            self.passphrase,
            self.recover_button,
        ):
            widget.setEnabled(not busy and not self._countdown)
        if not busy:
            self._check_new()
            self.user.setEnabled(True)
            self.passphrase.setEnabled(True)

    def show_message(self, message: str, next_step: str) -> None:
        self.message.setText(message)
        self.next_step.setText(next_step)

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
                "Restore it from your latest backup (dv-forum restore BACKUP --to NEW-FOLDER), "
                "then open the restored folder with --vault.",
            )
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
            "Wait, then type carefully (check Caps Lock). Use the recovery key if the "
            "passphrase is lost.",
        )

    @property
    def countdown(self) -> int:
        return self._countdown

    def _clear_secrets(self, keep_recovery_key: bool = False) -> None:
        self.passphrase.clear()
        self.new_passphrase.clear()
        self.new_again.clear()
        if not keep_recovery_key:
            self.recovery_key.clear()

    def reset(self) -> None:
        """After a successful unlock: forget everything typed except the user name."""
        self._clear_secrets()
        self.recovery_key.clear()
        self.clear_message()
        self.set_busy(False)
        self._page(0)
