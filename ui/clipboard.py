"""Copying sensitive text: marked concealed for clipboard managers, cleared later if unchanged."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000
# KDE Klipper and other managers skip history for data carrying this hint.
PASSWORD_HINT = "x-kde-passwordManagerHint"  # noqa: S105 - a MIME type name
_WIN = 'application/x-qt-windows-mime;value="{}"'
# Windows 10+ clipboard history and cloud sync skip data whose format says so (a DWORD 0), and
# monitors skip it when the exclusion format is present; on macOS, clipboard managers honour the
# nspasteboard.org concealed type.
CONCEALED: dict[str, bytes] = {
    PASSWORD_HINT: b"secret",
    _WIN.format("CanIncludeInClipboardHistory"): b"\0\0\0\0",
    _WIN.format("CanUploadToCloudClipboard"): b"\0\0\0\0",
    _WIN.format("ExcludeClipboardContentFromMonitorProcessing"): b"\0\0\0\0",
    "org.nspasteboard.ConcealedType": b"",
}


def _concealed(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    for name, value in CONCEALED.items():
        mime.setData(name, value)
    return mime


class SecretClipboard(QObject):
    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_ms = clear_after_ms
        self._copied: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setMimeData(_concealed(text), QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.setMimeData(_concealed(text), QClipboard.Mode.Selection)
        self._copied = text
        self._timer.start(self.clear_after_ms)

    def clear_if_ours(self) -> None:
        """Clear only if the clipboard still holds what we put there (the user may have copied
        something else since)."""
        self._timer.stop()
        if self._copied is None:
            return
        clipboard = QGuiApplication.clipboard()
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            if mode == QClipboard.Mode.Selection and not clipboard.supportsSelection():
                continue
            if clipboard.text(mode) == self._copied:
                clipboard.clear(mode)
        self._copied = None

    def clear_all(self) -> None:
        """Quick exit: empty the clipboard whatever it holds."""
        self._timer.stop()
        self._copied = None
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
