"""First run: where the vault lives, the partnership, the coordinator, the recovery key,
remember-on-device."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dv_forum.district.setup import Setup
from dv_forum.vault import policy
from ui import dialogs
from ui.screens.settings import REMEMBER_WARNING
from ui.unlock.fields import hint, secret_field
from ui.wizard_join import JoinPage
from ui.wizard_location import LocationPage
from ui.wizard_partnership import PartnershipPage


class WizardServices(Protocol):
    def create_vault(
        self,
        folder: Path,
        name: str,
        passphrase: str,
        on_done: Callable[[str], None],
        on_error: Callable[[BaseException], None],
        setup: Setup | None = None,
    ) -> None: ...

    def join_vault(
        self,
        folder: Path,
        data: dict[str, str],
        name: str,
        passphrase: str,
        on_done: Callable[[str, str], None],
        on_error: Callable[[BaseException], None],
    ) -> None: ...

    def keyring_availability(self, on_done: Callable[[Any], None]) -> None: ...


class CoordinatorPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The coordinator")
        self.setSubTitle(
            "You are the first user. Choose a passphrase you can remember and others cannot "
            "guess: a few unrelated words work well."
        )
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your user name")
        self.passphrase = secret_field("Passphrase")
        self.again = secret_field("Passphrase again")
        self.show_passphrase = QCheckBox("&Show passphrase")
        self.show_passphrase.toggled.connect(self._show)
        self.strength = hint("")
        self.strength.setAccessibleName("Passphrase strength")
        self.problems = QLabel("")
        self.problems.setObjectName("error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Passphrase problems")
        form.addRow("Your &name:", self.name)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&Again:", self.again)
        form.addRow("", self.show_passphrase)
        form.addRow(self.strength)
        form.addRow(self.problems)
        form.addRow(
            hint(
                "Creating the vault takes a few seconds: the passphrase is stretched so that "
                "guessing it is slow."
            )
        )
        for field in (self.name, self.passphrase, self.again):
            field.textChanged.connect(self._changed)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")
        self._changed()

    def as_member(self, device: str) -> None:
        """The same page for someone joining: her name (as the coordinator enrolled her) and passphrase."""
        self.setTitle("You")
        self.setSubTitle(
            "Your own vault's user. Choose a passphrase you can remember and others cannot guess."
        )
        if not self.name.text().strip():
            self.name.setText(device)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create my vault")

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.again.setEchoMode(mode)

    def current_problems(self) -> list[str]:
        found: list[str] = []
        name = self.name.text().strip()
        if not name:
            found.append("type your name")
        elif len(name) > 40 or not all(ch.isalnum() or ch in " .-_'" for ch in name):
            found.append("a name may have letters, digits, spaces and . - _ ' (up to 40)")
        passphrase = self.passphrase.text()
        found += policy.problems(passphrase)
        if passphrase and not policy.problems(passphrase) and passphrase != self.again.text():
            found.append("type the same passphrase twice")
        return found

    def _changed(self) -> None:
        passphrase = self.passphrase.text()
        self.strength.setText(policy.strength(passphrase).hint if passphrase else "")
        found = self.current_problems()
        self.problems.setText(("To continue: " + "; ".join(found) + ".") if found else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.current_problems()


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Your recovery key")
        self.setSubTitle(
            "If every passphrase is forgotten, this key is the only way into the vault. "
            "It is shown once: print it or write it down, and store it safely away from "
            "this computer."
        )
        layout = QVBoxLayout(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Creating the vault")
        self.busy = hint("Creating the vault…")
        layout.addWidget(self.busy)
        layout.addWidget(self.progress)
        self.key = QLabel("")
        self.key.setObjectName("recoveryKey")
        self.key.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key.setAccessibleName("Recovery key")
        self.key.setWordWrap(True)
        self.key.setVisible(False)
        layout.addWidget(self.key)
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print the recovery key (the printer's queue may keep a copy)")
        self.print_button.setVisible(False)
        self.print_button.clicked.connect(self._print)
        layout.addWidget(self.print_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.stored = QCheckBox("I have &stored the recovery key safely")
        self.stored.setVisible(False)
        self.stored.toggled.connect(self.completeChanged)
        layout.addWidget(self.stored)
        self.words = hint("")
        self.words.setVisible(False)
        layout.addWidget(self.words)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.created = False

    def initializePage(self) -> None:  # noqa: N802
        if self.created:
            return
        self._wizard.start_create()

    def show_key(self, text: str) -> None:
        self.created = True
        self.progress.setVisible(False)
        self.busy.setVisible(False)
        self.key.setText(text)
        self.key.setVisible(True)
        self.print_button.setVisible(True)
        self.stored.setVisible(True)
        self.stored.setFocus()
        self.completeChanged.emit()

    def show_joined(self, key: str, words: str) -> None:
        self.show_key(key)
        self.words.setText(
            f"Compare these words with the coordinator's screen: {words}. If they differ, stop."
        )
        self.words.setVisible(True)

    def show_error(self, message: str) -> None:
        self.progress.setVisible(False)
        self.busy.setVisible(False)
        self.error.setText(message)

    def _print(self) -> None:
        body = (
            "<h2>dv-forum recovery key</h2>"
            f"<p>Made on {date.today():%d/%m/%Y}. Vault folder: {html.escape(str(self._wizard.folder()))}</p>"
            f"<p style='font-family: monospace; font-size: 14pt'>{html.escape(self.key.text())}</p>"
            "<p>Keep this sheet locked away. Anyone with it and the vault can read everything.</p>"
        )
        dialogs.print_text(self, "Print the recovery key", body)

    def isComplete(self) -> bool:  # noqa: N802
        return self.created and self.stored.isChecked()

    def forget(self) -> None:
        self.key.setText("")


class RememberPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Remember on this device? (optional)")
        self.setSubTitle("Off is the safe choice.")
        layout = QVBoxLayout(self)
        layout.addWidget(hint(REMEMBER_WARNING))
        self.remember = QCheckBox("&Remember the vault on this computer account")
        self.remember.setEnabled(False)
        layout.addWidget(self.remember)
        self.reason = hint("Checking for a secure system keyring…")
        layout.addWidget(self.reason)
        layout.addStretch(1)

    def set_availability(self, status: Any) -> None:
        self.remember.setEnabled(bool(status.available))
        self.reason.setText(
            f"Uses the system keyring ({status.backend})."
            if status.available
            else f"Not available: {status.reason}."
        )


class FirstRunWizard(QWizard):
    """Emits ``completed(remember, passphrase)`` once the vault exists and is open on the worker."""

    completed = Signal(bool, str)

    def __init__(self, folder: Path, services: WizardServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("dv-forum: first run")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(640, 480)
        self.location = LocationPage(folder)
        self.partnership = PartnershipPage()
        self.coordinator = CoordinatorPage()
        self.recovery = RecoveryPage(self)
        self.remember = RememberPage()
        self.join = JoinPage()
        for page in (
            self.location,
            self.partnership,
            self.coordinator,
            self.recovery,
            self.remember,
            self.join,
        ):
            self.addPage(page)
        self.services.keyring_availability(self.remember.set_availability)
        self.currentIdChanged.connect(self._entered)
        self.accepted.connect(self._finish)

    def folder(self) -> Path:
        return Path(self.location.folder.text().strip()).expanduser()

    def joining(self) -> bool:
        return self.location.choice.joining()

    def nextId(self) -> int:  # noqa: N802 - Qt API
        # Joining: where, the enrolment file, you, the recovery key, remember (no partnership page).
        page = self.currentPage()
        if page is self.location and self.joining():
            return self.pageIds()[5]
        if page is self.join:
            return self.pageIds()[2]
        if page is self.remember:
            return -1
        return super().nextId()

    def _entered(self, _page_id: int) -> None:
        if self.currentPage() is self.coordinator and self.joining():
            self.coordinator.as_member(self.join.device())

    def start_create(self) -> None:
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        if self.joining() and self.join.data is not None:
            self.services.join_vault(
                self.folder(),
                self.join.data,
                self.coordinator.name.text().strip(),
                self.coordinator.passphrase.text(),
                self.recovery.show_joined,
                self._failed,
            )
            return
        self.services.create_vault(
            self.folder(),
            self.coordinator.name.text().strip(),
            self.coordinator.passphrase.text(),
            self.recovery.show_key,
            self._failed,
            setup=self.partnership.setup(),
        )

    def _failed(self, exc: BaseException) -> None:
        from dv_forum.errors import UserError

        if isinstance(exc, UserError):
            self.recovery.show_error(f"The vault was not created: {exc.message} {exc.next_step}")
        else:
            dialogs.show_exception(self, exc)
            self.recovery.show_error("The vault was not created.")

    def _finish(self) -> None:
        passphrase = self.coordinator.passphrase.text()
        remember = self.remember.remember.isChecked()
        self.coordinator.passphrase.clear()
        self.coordinator.again.clear()
        self.recovery.forget()
        self.completed.emit(remember, passphrase if remember else "")

    def reject(self) -> None:
        if self.recovery.created:
            return  # the vault exists: finish the wizard rather than leave the key unconfirmed
        super().reject()
