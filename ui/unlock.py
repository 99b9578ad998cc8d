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
from dv_forum.vault import policy
from dv_forum.vault.backup import default_restore_folder, read_backup_header, restore_target_problem
from ui import dialogs

BACKUP_FILTER = "dv-forum backups (*.dvbak *.dvfbak *.dvbackup);;All files (*)"
UNLOCK_PAGE, RECOVERY_PAGE, RESTORE_PAGE = 0, 1, 2


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class UnlockPanel(QWidget):
    unlock_requested = Signal(str, str)  # user, passphrase
    recovery_requested = Signal(str, str, str)  # recovery key, user, new passphrase
    remembered_requested = Signal(str)  # user
    restore_requested = Signal(str, str, str, str)  # backup file, new folder, user, passphrase

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
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
        self._build_restore_page()
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

    def _build_restore_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 8, 0, 0)
        intro = QLabel(
            "Restore a backup into a new, empty folder and open it there. The vault folder above is "
            "left exactly as it is."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.backup_file = QLineEdit()
        self.backup_file.setAccessibleName("Backup file")
        self.backup_file.setPlaceholderText("a .dvbak file")
        self.choose_backup_button = choose_file = QPushButton("&Choose…")
        choose_file.setAccessibleName("Choose the backup file")
        choose_file.setToolTip("Choose the backup file")
        choose_file.clicked.connect(self._choose_backup)
        self.restore_folder = QLineEdit()
        self.restore_folder.setAccessibleName("New folder to restore into")
        self.choose_folder_button = choose_folder = QPushButton("Ch&oose…")
        choose_folder.setAccessibleName("Choose where to restore")
        choose_folder.setToolTip("Choose where to make the new folder")
        choose_folder.clicked.connect(self._choose_folder)
        self.restore_user = QLineEdit()
        self.restore_user.setAccessibleName("User name when the backup was made")
        self.restore_passphrase = _secret_field("Passphrase when the backup was made")
        self.restore_problems = QLabel("")
        self.restore_problems.setObjectName("hint")
        self.restore_problems.setWordWrap(True)
        for label, field, button in (
            ("Backup f&ile:", self.backup_file, choose_file),
            ("&New folder:", self.restore_folder, choose_folder),
        ):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, row)
        form.addRow("&User:", self.restore_user)
        form.addRow("&Passphrase:", self.restore_passphrase)
        note = QLabel("The user name and passphrase that were valid when the backup was made.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.restore_problems)
        for field in (self.backup_file, self.restore_folder, self.restore_user, self.restore_passphrase):
            field.textChanged.connect(self._check_restore)
        self.restore_passphrase.returnPressed.connect(self._restore)
        buttons = QHBoxLayout()
        self.restore_go = QPushButton("&Restore and open")
        self.restore_go.setToolTip("Restore the backup into the new folder, check it, and open it")
        self.restore_go.setEnabled(False)
        self.restore_go.clicked.connect(self._restore)
        self.restore_back = QPushButton("&Back")
        self.restore_back.setToolTip("Back to the passphrase (Esc)")
        self.restore_back.setShortcut("Esc")
        self.restore_back.clicked.connect(self.show_unlock)
        buttons.addWidget(self.restore_go)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_back)
        form.addRow(buttons)
        self._restore_widgets = (
            self.backup_file,
            choose_file,
            self.restore_folder,
            choose_folder,
            self.restore_user,
            self.restore_passphrase,
            self.restore_back,
        )
        self._suggested_folder = ""
        self._suggested_user = ""
        self._backup_seen: tuple[str, float, int] | None = None
        self._backup_users: list[str] = []
        self._backup_problem = ""
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
        self.pages.updateGeometry()

    def show_unlock(self) -> None:
        self._page(UNLOCK_PAGE)
        self._clear_secrets()
        self.clear_message()
        (self.passphrase if self.user.text() else self.user).setFocus()

    def show_recovery(self) -> None:
        self._page(RECOVERY_PAGE)
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

    def show_restore(self) -> None:
        """The restore form, with a new folder beside the vault suggested (never an existing one)."""
        self._page(RESTORE_PAGE)
        self._clear_secrets()
        self.clear_message()
        folder = self.restore_folder.text().strip()
        if not folder or folder == self._suggested_folder:
            self._suggested_folder = str(default_restore_folder(self.folder))
            self.restore_folder.setText(self._suggested_folder)
        if not self.restore_user.text():
            self.restore_user.setText(self.user.text().strip())
            self._suggested_user = self.restore_user.text()
        self._check_restore()
        (self.restore_passphrase if self.backup_file.text() else self.backup_file).setFocus()

    def _choose_backup(self) -> None:
        current = Path(self.backup_file.text().strip()).expanduser()
        start = current.parent if current.parent.is_dir() and self.backup_file.text() else Path.home()
        chosen = dialogs.open_file(self, "Choose the backup to restore", start, BACKUP_FILTER)
        if chosen is not None:
            self.backup_file.setText(str(chosen))
            self.restore_passphrase.setFocus()

    def _choose_folder(self) -> None:
        start = self.folder.parent if self.folder.parent.is_dir() else Path.home()
        chosen = dialogs.choose_folder(self, "Choose where to restore the backup", start)
        if chosen is None:
            return
        if restore_target_problem(chosen):
            # A folder with things in it: make the new folder inside it instead.
            chosen = default_restore_folder(chosen / self.folder.name)
        self.restore_folder.setText(str(chosen))

    def _read_backup_users(self, path: Path) -> None:
        """Read the chosen backup's header once (a few kilobytes): its users, or why it is no backup."""
        try:
            stat = path.stat()
        except OSError:
            self._backup_seen, self._backup_users, self._backup_problem = None, [], ""
            return
        seen = (str(path), stat.st_mtime, stat.st_size)
        if seen == self._backup_seen:
            return
        self._backup_seen, self._backup_users, self._backup_problem = seen, [], ""
        try:
            self._backup_users = read_backup_header(path).users()
        except UserError as exc:
            self._backup_problem = exc.message
        user = self.restore_user.text().strip()
        if len(self._backup_users) == 1 and (not user or user == self._suggested_user):
            self._suggested_user = self._backup_users[0]
            self.restore_user.setText(self._suggested_user)

    def restore_problem(self) -> str:
        """What stops the restore from starting ("" = nothing)."""
        backup = self.backup_file.text().strip()
        folder = self.restore_folder.text().strip()
        if not backup:
            return "Choose the backup file."
        path = Path(backup).expanduser()
        if not path.is_file():
            return "There is no backup file at that path."
        self._read_backup_users(path)
        if self._backup_problem:
            return self._backup_problem
        if not folder:
            return "Choose a new folder to restore into."
        target = Path(folder).expanduser().absolute()
        if target.is_relative_to(Path(self.folder).expanduser().absolute()):
            return "Choose a folder outside the vault folder: a restore leaves that folder as it is."
        problem = restore_target_problem(target)
        if problem:
            return problem + " Choose a new or empty folder: a restore never writes over anything."
        if not self.restore_user.text().strip():
            return "Type the user name."
        if not self.restore_passphrase.text():
            return "Type the passphrase."
        return ""

    def _check_restore(self) -> None:
        problem = self.restore_problem()
        self.restore_problems.setText(problem)
        self.restore_go.setEnabled(not problem and not self._busy)

    def _restore(self) -> None:
        if not self.restore_go.isEnabled():
            return
        self.restore_requested.emit(
            str(Path(self.backup_file.text().strip()).expanduser()),
            str(Path(self.restore_folder.text().strip()).expanduser().absolute()),
            self.restore_user.text().strip(),
            self.restore_passphrase.text(),
        )

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
        self._busy = busy
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
        # A restore opens another folder, so a countdown on this one does not hold it up.
        for widget in (self.restore_button, self.offer_restore, self.restore_go, *self._restore_widgets):
            widget.setEnabled(not busy)
        if not busy:
            self._check_new()
            self._check_restore()
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
        self.restore_passphrase.clear()
        if isinstance(exc, WrongPassphrase):
            self.show_message("Wrong passphrase or user name for this backup.", exc.next_step)
            self.restore_passphrase.setFocus()
        elif isinstance(exc, UserError):
            self.show_message(exc.message, exc.next_step)
            self.backup_file.setFocus()
        else:
            from dv_forum.crash import write_report

            incident, _ = write_report(exc)
            self.show_message(
                f"Something went wrong inside dv-forum while restoring (incident {incident}).",
                "Nothing was restored and no folder was changed. Please tell the person who looks "
                "after dv-forum.",
            )
        self._check_restore()

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
        self.new_passphrase.clear()
        self.new_again.clear()
        self.restore_passphrase.clear()
        if not keep_recovery_key:
            self.recovery_key.clear()

    def reset(self) -> None:
        """After a successful unlock: forget everything typed except the user name."""
        self._clear_secrets()
        self.recovery_key.clear()
        self.backup_file.clear()
        self.restore_folder.clear()
        self.restore_user.clear()
        self._suggested_folder = self._suggested_user = ""
        self._backup_seen = None
        self.clear_message()
        self.set_busy(False)
        self._page(UNLOCK_PAGE)
