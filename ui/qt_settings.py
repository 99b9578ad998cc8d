"""Qt's own settings go nowhere. Qt's file dialogs keep the folders last used (paths to exports,
packs and imports: case-adjacent facts) in a "QtProject" settings file in the user's config folder
(S26). Pointing Qt's user-scope settings at a place that cannot exist means nothing is written;
the program's one settings file, the window geometry, names its file itself (ui.geometry)."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

NOWHERE = os.path.join(os.devnull, "dv-forum-keeps-no-qt-settings")


def keep_none() -> None:
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, NOWHERE)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, NOWHERE)
