"""First launch fits the screen: maximised below 1440x900, a comfortable size above it; a size
the user chose is kept (window.ini holds only the geometry)."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QMainWindow

from ui import geometry


def _screen(monkeypatch, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleNamespace(availableGeometry=lambda: QRect(0, 0, width, height))
    monkeypatch.setattr(QApplication, "primaryScreen", staticmethod(lambda: fake))


def test_a_laptop_screen_opens_maximised(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geometry.paths, "config_dir", lambda: tmp_path)
    _screen(monkeypatch, 1366, 728)  # 1366x768 less a taskbar
    window = QMainWindow()
    qtbot.addWidget(window)
    geometry.restore(window)
    assert window.isMaximized() or window.windowState() & geometry.Qt.WindowState.WindowMaximized


def test_a_large_screen_opens_at_a_comfortable_size_and_a_chosen_size_is_kept(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geometry.paths, "config_dir", lambda: tmp_path)
    _screen(monkeypatch, 1920, 1040)
    window = QMainWindow()
    qtbot.addWidget(window)
    geometry.restore(window)
    assert not window.windowState() & geometry.Qt.WindowState.WindowMaximized
    assert (window.width(), window.height()) == (1200, 780)
    window.resize(1000, 700)
    geometry.save(window)
    again = QMainWindow()
    qtbot.addWidget(again)
    geometry.restore(again)
    assert again.height() == 700 and again.width() <= 1000  # kept (Qt fits it to the real screen)
