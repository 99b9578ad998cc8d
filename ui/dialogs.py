"""Every message box, file picker and print dialog goes through here, so tests can script them.

In tests call ``script(answer, ...)`` before the action that would show a dialog: each shown dialog
takes the next scripted answer instead of opening. ``history`` records (kind, title, text) of every
dialog requested. With ``strict`` on (the test fixture sets it) an unscripted dialog is an error
rather than a hang.

File pickers never use the native dialog (GTK's records "recent files") and always start in a
folder we choose, so no last-used folder of a sensitive file is remembered.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_answers: deque[Any] = deque()
history: list[tuple[str, str, str]] = []
strict = False


class UnscriptedDialog(AssertionError):
    pass


def script(*answers: Any) -> None:
    """Queue answers for the next dialogs (True/False for questions, a path or None for pickers)."""
    _answers.extend(answers)


def reset() -> None:
    _answers.clear()
    history.clear()


def pending() -> int:
    return len(_answers)


def _scripted(kind: str, title: str, text: str) -> tuple[bool, Any]:
    history.append((kind, title, text))
    if _answers:
        return True, _answers.popleft()
    if strict:
        raise UnscriptedDialog(f"unscripted {kind} dialog: {title}")
    return False, None


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()


def info(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    done, _ = _scripted("info", title, text)
    if not done:
        _box(parent, QMessageBox.Icon.Information, title, text, detail)


def warning(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    done, _ = _scripted("warning", title, text)
    if not done:
        _box(parent, QMessageBox.Icon.Warning, title, text, detail)


def error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    done, _ = _scripted("error", title, text)
    if not done:
        _box(parent, QMessageBox.Icon.Critical, title, text, detail)


def question(parent: QWidget | None, title: str, text: str, default_yes: bool = False) -> bool:
    done, answer = _scripted("question", title, text)
    if done:
        return bool(answer)
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, buttons, default) == QMessageBox.StandardButton.Yes


def save_discard_cancel(parent: QWidget | None, title: str, text: str) -> str:
    """Leaving unsaved input: "save", "discard" or "cancel" (also for Escape or closing the box)."""
    done, answer = _scripted("unsaved", title, text)
    if done:
        return str(answer)
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(QMessageBox.StandardButton.Save)
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


def ask_text(parent: QWidget | None, title: str, label: str, secret: bool = False) -> str | None:
    """A one-line answer (a passphrase when ``secret``); None when cancelled."""
    done, answer = _scripted("text", title, label)
    if done:
        return None if answer is None else str(answer)
    mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
    text, ok = QInputDialog.getText(parent, title, label, mode)
    return text if ok else None


def choose(parent: QWidget | None, title: str, label: str, items: Sequence[str]) -> str | None:
    """One of ``items`` (the first offered first); None when cancelled."""
    done, answer = _scripted("choose", title, label)
    if done:
        return None if answer is None else str(answer)
    text, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
    return text if ok else None


# A problem list longer than this shows its first lines only ("Copy the list" copies them all):
# a 100,000-row file can give hundreds of thousands of problems.
PROBLEMS_SHOWN = 5000


class ProblemListDialog(QDialog):
    """Located problems (``row N, column X: reason``; never the values found), counted, in a
    read-only text box that can be selected and copied, with a button for each choice.

    ``choice`` is the key of the button pressed; None when cancelled (Esc, closing, Cancel)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        problems: Sequence[str],
        choices: Sequence[tuple[str, str]] = (),
        detail: str = "",
        cancel_label: str = "Cancel",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problems = list(problems)
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.text)
        if detail:
            self.detail = QLabel(detail)
            self.detail.setObjectName("hint")
            self.detail.setWordWrap(True)
            layout.addWidget(self.detail)
        self.list = QPlainTextEdit()
        self.list.setReadOnly(True)
        self.list.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.list.setAccessibleName("Problems")
        shown = self.problems[:PROBLEMS_SHOWN]
        if len(self.problems) > len(shown):
            shown.append(
                f"... and {len(self.problems) - len(shown):,} more (Copy the list copies all of them)"
            )
        self.list.setPlainText("\n".join(shown))
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copy the list")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        self.choice_buttons: dict[str, QPushButton] = {}
        for key, label in choices:
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            self.choice_buttons[key] = button
            row.addWidget(button)
        self.cancel_button = QPushButton(cancel_label)
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setDefault(True)  # Enter never starts anything
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        # Room for the list; never narrower than the buttons (a minimum size set here would
        # override the layout's, and long choice labels would be cut).
        self.resize(max(self.sizeHint().width(), 640), 440)

    def copy(self) -> None:
        # Problems carry places and reasons, never values, so the ordinary clipboard is fine.
        QGuiApplication.clipboard().setText("\n".join(self.problems))

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


def problem_list(
    parent: QWidget | None,
    title: str,
    text: str,
    problems: Sequence[str],
    choices: Sequence[tuple[str, str]] = (),
    detail: str = "",
    cancel_label: str = "Cancel",
) -> str | None:
    """Show problems and choices (key, button label); the chosen key, or None for cancel.

    Scripted answers are a choice key or None; history records the text, then each problem on a
    line of its own, then the choices offered."""
    offered = " | ".join([*(label for _, label in choices), cancel_label])
    done, answer = _scripted("problems", title, "\n".join([text, *problems, f"Choices: {offered}"]))
    if done:
        return None if answer is None else str(answer)
    dialog = ProblemListDialog(parent, title, text, problems, choices, detail, cancel_label)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice


def _options() -> QFileDialog.Option:
    return QFileDialog.Option.DontUseNativeDialog


def open_file(parent: QWidget | None, title: str, start: Path, filter_: str = "") -> Path | None:
    done, answer = _scripted("open_file", title, str(start))
    if done:
        return None if answer is None else Path(answer)
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filter_, options=_options())
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, start: Path, filter_: str = "") -> Path | None:
    done, answer = _scripted("save_file", title, str(start))
    if done:
        return None if answer is None else Path(answer)
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), filter_, options=_options())
    return Path(name) if name else None


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    done, answer = _scripted("folder", title, str(start))
    if done:
        return None if answer is None else Path(answer)
    opts = _options() | QFileDialog.Option.ShowDirsOnly
    name = QFileDialog.getExistingDirectory(parent, title, str(start), opts)
    return Path(name) if name else None


def print_text(parent: QWidget | None, title: str, html: str) -> bool:
    """Print a small document (the recovery key sheet). True when it was sent to a printer."""
    done, answer = _scripted("print", title, "")
    if done:
        return bool(answer)
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(printer)
    return True


def form(parent: QWidget | None, dialog: Any, title: str) -> Any:
    """Show a form dialog and return its ``values()`` (None when cancelled); tests script the
    values as a dict."""
    done, answer = _scripted("form", title, "")
    if done:
        dialog.deleteLater()
        return answer
    try:
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def choose_printer(parent: QWidget | None) -> Any:
    """A configured QPrinter, or None if the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    done, answer = _scripted("printer", "Print", "")
    if done:
        return answer
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def show_password_once(parent: QWidget | None, what: str, password: str) -> None:
    """A generated password, shown once (selectable; never put on the clipboard by us)."""
    info(
        parent,
        "Password for this copy",
        f"{what}\n\nPassword (shown once, not stored):\n\n{password}\n\n"
        "Send it to the recipient by a different route from the file.",
    )


def show_exception(parent: QWidget | None, exc: BaseException, title: str = "dv-forum") -> None:
    """A UserError's message and next step; anything else is a bug, reported without its text."""
    from dv_forum.errors import UserError

    if isinstance(exc, UserError):
        warning(parent, title, exc.message, exc.next_step)
        return
    from dv_forum.crash import write_report

    incident, path = write_report(exc)
    where = f" A report without case data was saved to {path}." if path else ""
    error(
        parent,
        title,
        f"Something went wrong inside dv-forum (incident {incident}).",
        "Your saved work is safe. Please tell the person who looks after dv-forum." + where,
    )
