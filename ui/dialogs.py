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
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

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


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str
) -> None:
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
    return (
        QMessageBox.question(parent, title, text, buttons, default)
        == QMessageBox.StandardButton.Yes
    )


def ask_text(parent: QWidget | None, title: str, label: str, secret: bool = False) -> str | None:
    """A one-line answer (a passphrase when ``secret``); None when cancelled."""
    done, answer = _scripted("text", title, label)
    if done:
        return None if answer is None else str(answer)
    mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
    text, ok = QInputDialog.getText(parent, title, label, mode)
    return text if ok else None


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
