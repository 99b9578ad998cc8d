"""The main window's size and place, and how its lists and panes are laid out: the only things
the desktop program keeps outside the vault (an INI file in the user config folder; no case data,
no user names)."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from dv_forum import paths

LAPTOP = QSize(1440, 900)


def _settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore(window: QWidget) -> None:
    value = _settings().value("geometry")
    if isinstance(value, QByteArray | bytes):
        window.restoreGeometry(QByteArray(value))
        return
    # First launch: on a laptop screen (below 1440x900) the window opens maximised, so no button
    # falls below the taskbar; on a larger one it opens at a comfortable size.
    screen = QApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    window.resize(min(1200, room.width()) if room else 1200, min(780, room.height()) if room else 780)
    if room is not None and (room.width() < LAPTOP.width() or room.height() < LAPTOP.height()):
        # The whole available area first: without a window manager (or with one that ignores the
        # request) the maximised state alone left the window at its smallest size.
        window.setGeometry(room)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def save(window: QWidget) -> None:
    with contextlib.suppress(OSError):
        paths.config_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = _settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.sync()


def value(key: str) -> object:
    """A remembered layout value (a list's columns, a pane's sizes): never case data."""
    return _settings().value(key)


def save_value(key: str, data: object) -> None:
    with contextlib.suppress(OSError):
        paths.config_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = _settings()
    settings.setValue(key, data)
    settings.sync()
