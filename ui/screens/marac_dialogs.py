"""Every dialog the MARAC screen opens, in one place. Uses ui.dialogs (scriptable in tests) once
the shell provides it; until then plain Qt dialogs. Tests replace these functions."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

try:  # the shell branch's scriptable dialogs
    from ui import dialogs as _shell  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - until the shell lands
    _shell = None


def ask_text(parent: QWidget, title: str, label: str, default: str = "") -> str | None:
    if _shell is not None and hasattr(_shell, "ask_text"):
        return _shell.ask_text(parent, title, label)  # its 4th argument is "secret", not a default
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


def save_pdf_path(parent: QWidget, suggested: str) -> str | None:
    if _shell is not None and hasattr(_shell, "save_file"):
        return _shell.save_file(parent, "Save PDF", suggested, "PDF files (*.pdf)")
    # Do not remember the folder: QFileDialog's history would record where packs are kept.
    path, _ = QFileDialog.getSaveFileName(parent, "Save PDF", suggested, "PDF files (*.pdf)")
    return path or None


def inform(parent: QWidget, title: str, text: str) -> None:
    if _shell is not None and hasattr(_shell, "inform"):
        _shell.inform(parent, title, text)
        return
    QMessageBox.information(parent, title, text)


def show_password_once(parent: QWidget, copy_line: str, password: str) -> None:
    """The generated password, shown once (selectable, never put on the clipboard by us)."""
    inform(
        parent,
        "Password for this copy",
        f"{copy_line}\n\nPassword (shown once, not stored):\n\n{password}\n\n"
        "Send it to the recipient by a different route from the file.",
    )


def choose_printer(parent: QWidget):
    """A configured QPrinter, or None if the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def _form(parent: QWidget, dialog, title: str):
    """Show a form dialog and return its ``values()`` (None when cancelled). Goes through the
    shell's scripted-dialog queue first, so tests answer with a dict of values."""
    if _shell is not None and hasattr(_shell, "_scripted"):
        done, answer = _shell._scripted("form", title, "")
        if done:
            dialog.deleteLater()
            return answer
    from PySide6.QtWidgets import QDialog

    try:
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_series(parent: QWidget):
    """{start, pattern, count, weekday, venue, chair} for meetings.schedule_series, or None."""
    from ui.screens.marac_meeting_dialog import SeriesDialog

    dialog = SeriesDialog(parent)
    return _form(parent, dialog, dialog.windowTitle())


def ask_meeting_details(parent: QWidget, when: str, venue: str, chair: str):
    """{venue, chair} for meetings.update_meeting, or None."""
    from ui.screens.marac_meeting_dialog import MeetingDetailsDialog

    dialog = MeetingDetailsDialog(parent, when, venue, chair)
    return _form(parent, dialog, "Meeting details")
