"""S26: Qt's file dialogs keep the folders last used in a QtProject settings file in the user's
config folder. Written first as the attack: the history appears; then the program's setting keeps
it from being written anywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from ui.qt_settings import keep_none


def _use_a_file_dialog(qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = QFileDialog(None, "Save", str(folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.setDirectory(str(folder))
    dialog.accept()
    dialog.deleteLater()


def _qt_history(config: Path) -> list[Path]:
    return [p for p in config.rglob("*") if p.is_file() and "QtProject" in p.name]


def test_file_dialogs_leave_no_folder_history(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config"
    config.mkdir()
    secret_folder = tmp_path / "packs-for-the-2026-12-16-meeting"
    secret_folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(config))
    # Qt as it is: the folder used is remembered in the user's config folder.
    QSettings(QSettings.Scope.UserScope, "QtProject").setValue("FileDialog/lastVisited", str(secret_folder))
    QSettings(QSettings.Scope.UserScope, "QtProject").sync()
    assert _qt_history(config), "the attack needs Qt to write its history where it normally does"
    for found in _qt_history(config):
        found.unlink()
    keep_none()
    _use_a_file_dialog(qtbot, secret_folder)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.setValue("FileDialog/lastVisited", str(secret_folder))
    settings.sync()
    assert _qt_history(config) == []
    assert not any(
        str(secret_folder) in p.read_text(errors="ignore") for p in config.rglob("*") if p.is_file()
    )
