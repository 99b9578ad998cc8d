"""Restore a backup into a new, empty folder and open it there: the vault folder is left as it
is. The form says what stops the restore before it starts, reading the chosen backup's header
once (its users, or why it is no backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from dv_forum.errors import UserError
from dv_forum.vault.backup import default_restore_folder, read_backup_header, restore_target_problem
from ui import dialogs
from ui.unlock.fields import hint, secret_field

BACKUP_FILTER = "dv-forum backups (*.dvbak *.dvfbak *.dvbackup);;All files (*)"


def _button(text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class RestorePage(QWidget):
    requested = Signal(str, str, str, str)  # backup file, new folder, user, passphrase

    def __init__(self, vault_folder: Callable[[], Path], back: Callable[[], None]) -> None:
        super().__init__()
        self._vault_folder = vault_folder
        self.busy = False
        self._suggested_folder = self._suggested_user = ""
        self._backup_seen: tuple[str, float, int] | None = None
        self._backup_users: list[str] = []
        self._backup_problem = ""
        form = QFormLayout(self)
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
        self.choose_backup_button = _button("&Choose…", "Choose the backup file", self._choose_backup)
        self.choose_backup_button.setAccessibleName("Choose the backup file")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("New folder to restore into")
        self.choose_folder_button = _button(
            "Ch&oose…", "Choose where to make the new folder", self._choose_folder
        )
        self.choose_folder_button.setAccessibleName("Choose where to restore")
        self.user = QLineEdit()
        self.user.setAccessibleName("User name when the backup was made")
        self.passphrase = secret_field("Passphrase when the backup was made")
        self.problems = hint()
        for label, field, button in (
            ("Backup f&ile:", self.backup_file, self.choose_backup_button),
            ("&New folder:", self.folder, self.choose_folder_button),
        ):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, row)
        form.addRow("&User:", self.user)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow(hint("The user name and passphrase that were valid when the backup was made."))
        form.addRow(self.problems)
        for field in (self.backup_file, self.folder, self.user, self.passphrase):
            field.textChanged.connect(self.check)
        self._buttons(form, back)
        self.inputs = (
            self.backup_file,
            self.choose_backup_button,
            self.folder,
            self.choose_folder_button,
            self.user,
            self.passphrase,
            self.back,
        )

    def _buttons(self, form: QFormLayout, back: Callable[[], None]) -> None:
        self.passphrase.returnPressed.connect(self._restore)
        self.go = _button(
            "&Restore and open",
            "Restore the backup into the new folder, check it, and open it",
            self._restore,
        )
        self.go.setEnabled(False)
        self.back = _button("&Back", "Back to the passphrase (Esc)", back)
        self.back.setShortcut("Esc")
        buttons = QHBoxLayout()
        buttons.addWidget(self.go)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        form.addRow(buttons)

    def prepare(self, typed_user: str) -> None:
        """Shown: a new folder beside the vault suggested (never an existing one), the user typed."""
        folder = self.folder.text().strip()
        if not folder or folder == self._suggested_folder:
            self._suggested_folder = str(default_restore_folder(self._vault_folder()))
            self.folder.setText(self._suggested_folder)
        if not self.user.text():
            self.user.setText(typed_user)
            self._suggested_user = self.user.text()
        self.check()
        (self.passphrase if self.backup_file.text() else self.backup_file).setFocus()

    def _choose_backup(self) -> None:
        current = Path(self.backup_file.text().strip()).expanduser()
        start = current.parent if current.parent.is_dir() and self.backup_file.text() else Path.home()
        chosen = dialogs.open_file(self, "Choose the backup to restore", start, BACKUP_FILTER)
        if chosen is not None:
            self.backup_file.setText(str(chosen))
            self.passphrase.setFocus()

    def _choose_folder(self) -> None:
        vault = self._vault_folder()
        start = vault.parent if vault.parent.is_dir() else Path.home()
        chosen = dialogs.choose_folder(self, "Choose where to restore the backup", start)
        if chosen is None:
            return
        if restore_target_problem(chosen):
            # A folder with things in it: make the new folder inside it instead.
            chosen = default_restore_folder(chosen / vault.name)
        self.folder.setText(str(chosen))

    def _read_backup_users(self, path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:
            self._backup_seen, self._backup_users, self._backup_problem = None, [], ""
            return
        seen = (str(path), stat.st_mtime, stat.st_size)
        if seen == self._backup_seen:
            return
        self._backup_seen, self._backup_users, self._backup_problem = seen, [], ""
        self._backup_sole = False
        try:
            header = read_backup_header(path)
            self._backup_users = header.users()
            self._backup_sole = header.sole_user()
        except UserError as exc:
            self._backup_problem = exc.message
        self.user.setPlaceholderText("optional: the backup has one user" if self._backup_sole else "")
        user = self.user.text().strip()
        if len(self._backup_users) == 1 and (not user or user == self._suggested_user):
            self._suggested_user = self._backup_users[0]
            self.user.setText(self._suggested_user)

    def problem(self) -> str:
        """What stops the restore from starting ("" = nothing)."""
        backup, folder = self.backup_file.text().strip(), self.folder.text().strip()
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
        if target.is_relative_to(Path(self._vault_folder()).expanduser().absolute()):
            return "Choose a folder outside the vault folder: a restore leaves that folder as it is."
        problem = restore_target_problem(target)
        if problem:
            return problem + " Choose a new or empty folder: a restore never writes over anything."
        if not self.user.text().strip() and not getattr(self, "_backup_sole", False):
            return "Type the user name."
        if not self.passphrase.text():
            return "Type the passphrase."
        return ""

    def check(self) -> None:
        problem = self.problem()
        self.problems.setText(problem)
        self.go.setEnabled(not problem and not self.busy)

    def _restore(self) -> None:
        if self.go.isEnabled():
            self.requested.emit(
                str(Path(self.backup_file.text().strip()).expanduser()),
                str(Path(self.folder.text().strip()).expanduser().absolute()),
                self.user.text().strip(),
                self.passphrase.text(),
            )

    def reset(self) -> None:
        for field in (self.passphrase, self.backup_file, self.folder, self.user):
            field.clear()
        self._suggested_folder = self._suggested_user = ""
        self._backup_seen = None
