"""Issue 15 item 11: copied secrets carry the markers Windows and macOS clipboard histories honour."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from ui.clipboard import SecretClipboard


def test_copied_text_is_marked_for_windows_and_macos_clipboard_histories(qtbot) -> None:  # type: ignore[no-untyped-def]
    clip = SecretClipboard()
    clip.copy("NWL-2026-0001")
    data = QGuiApplication.clipboard().mimeData()
    formats = set(data.formats())
    win = 'application/x-qt-windows-mime;value="{}"'
    # Windows: keep it out of clipboard history and cloud sync, and from clipboard monitors.
    assert bytes(data.data(win.format("CanIncludeInClipboardHistory"))) == b"\0\0\0\0"
    assert bytes(data.data(win.format("CanUploadToCloudClipboard"))) == b"\0\0\0\0"
    assert win.format("ExcludeClipboardContentFromMonitorProcessing") in formats
    # macOS: the nspasteboard.org convention that clipboard managers there honour.
    assert "org.nspasteboard.ConcealedType" in formats
    clip.clear_all()
