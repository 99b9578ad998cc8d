"""Dates read one way everywhere (UK day-first, 03/12/2026): every screen of a demo vault, each tab
shown in turn, with a case and a meeting selected, holds no ISO date (2026-12-03) in any label,
list, table cell or details pane a person reads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from dv_forum.dates import shown, shown_moment, shown_with_day
from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from tests.ui.shell_helpers import unlock, wait_idle
from ui.main_window import SCREENS

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_shown_forms() -> None:
    assert shown("2026-12-03") == "03/12/2026"
    assert shown(date(2026, 1, 5)) == "05/01/2026"
    assert shown(None) == "" and shown("unknown") == "unknown"
    assert shown_with_day("2026-12-02") == "Wed 02/12/2026"
    assert shown_with_day("2026-12-02", long=True) == "Wednesday 02/12/2026"
    assert shown_moment("2026-12-03T09:14:00") == "03/12/2026 09:14"
    utc = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert shown_moment(utc.isoformat()) == f"{utc.astimezone():%d/%m/%Y %H:%M}"
    assert shown_moment("2026-12-03") == "03/12/2026"
    # Text that only starts with a date is not a date: nothing after it is lost.
    assert shown("2026-08-08 follow-up (overdue)") == "2026-08-08 follow-up (overdue)"


def _model_texts(model: QAbstractItemModel, limit: int = 150) -> list[str]:
    out = []
    top = QModelIndex()
    for row in range(min(model.rowCount(top), limit)):
        for col in range(1 if isinstance(model, QAbstractListModel) else model.columnCount(top)):
            value = model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)
            if value is not None:
                out.append(str(value))
    return out


def _texts(root: QWidget) -> list[str]:
    out = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
    out += [w.toPlainText() for w in root.findChildren(QTextEdit) if w.isVisibleTo(root)]
    out += [w.toPlainText() for w in root.findChildren(QTextBrowser) if w.isVisibleTo(root)]
    for view in root.findChildren(QAbstractItemView):
        if (
            view.isVisibleTo(root)
            and view.model() is not None
            and view.objectName() != "qt_calendar_calendarview"
        ):
            out += _model_texts(view.model())
    return out


def _iso_seen(root: QWidget, where: str) -> list[str]:
    found = [f"{where}: {t[:80]!r}" for t in _texts(root) if ISO_DAY.search(t)]
    for tabs in root.findChildren(QTabWidget):
        was = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            found += [
                f"{where} > {tabs.tabText(i)}: {t[:80]!r}"
                for t in _texts(tabs.widget(i))
                if ISO_DAY.search(t)
            ]
        tabs.setCurrentIndex(was)
    return found


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    create_demo(tmp_path / "vault", scale=0.02).close()
    return tmp_path / "vault"


@pytest.mark.parametrize("user", [DEMO_USER, "ann"])
def test_no_screen_shows_an_iso_date(qtbot, make_shell, demo_folder, user) -> None:
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, user, DEMO_PASSPHRASE)
    window = shell.window
    found: list[str] = []
    for label, key, _module, _name in SCREENS:
        screen = window.screen_for(key)
        if screen is None:  # not this user's screen
            continue
        window.show_screen(key)
        wait_idle(qtbot, shell)
        for view in screen.findChildren(QAbstractItemView):
            if view.isVisibleTo(screen) and view.model() is not None and view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))
                wait_idle(qtbot, shell)
        found += _iso_seen(screen, label)
    assert found == [], "ISO dates shown:\n" + "\n".join(sorted(set(found)))
