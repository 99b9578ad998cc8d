"""The mouse wheel over a combo box, spin box or date edit scrolls the page on every screen and
changes a value only when that widget already has keyboard focus."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QTabWidget, QWidget

from dv_forum.cases import demo
from dv_forum.marac import meetings
from dv_forum.vault import Vault
from tests.conftest import district_setup
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from ui.main_window import SCREENS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault = district_setup(Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)[0])
    demo.generate(vault, random.Random(7), n=25)
    meetings.add_meeting(vault, "2026-03-12")
    vault.close()
    return tmp_path / "vault"


def wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def value(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    assert isinstance(widget, QAbstractSpinBox)
    return widget.text()


def guarded(root: QWidget) -> list[QWidget]:
    found = root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox)
    return [w for w in found if w.isVisible() and w.isEnabled()]


def pages(screen: QWidget):
    """Every tab of every tab widget on the screen, in turn."""
    yield
    for tabs in screen.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if tabs.isTabEnabled(i):
                tabs.setCurrentIndex(i)
                yield


def test_wheel_over_value_widgets_changes_nothing_on_any_screen(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.nav.setFocus()
    seen = 0
    for _label, key, *_ in SCREENS:
        shell.window.show_screen(key)
        wait_idle(qtbot, shell)
        screen = shell.window.screen_for(key)
        for _ in pages(screen):
            wait_idle(qtbot, shell)
            for widget in guarded(screen):
                before = value(widget)
                wheel(widget, -1)
                wheel(widget, -1)
                assert value(widget) == before, (key, widget.accessibleName() or widget.objectName())
                assert not widget.hasFocus()
                seen += 1
    assert seen > 40  # the DASH checklist alone has two dozen answers


def test_the_focused_widget_still_takes_the_wheel_and_the_page_scrolls(qtbot, make_shell, folder):
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("cases")
    wait_idle(qtbot, shell)
    screen = shell.window.screen_for("cases")
    screen.tabs.setCurrentWidget(screen.form)
    shell.window.resize(1366, 600)
    area = next(a for a in screen.form.findChildren(QScrollArea) if a.isVisible())
    combos = [c for c in guarded(screen.form) if c.count() > 2]
    combo = combos[len(combos) // 2]
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    start = bar.value()
    wheel(combo, -1)
    assert bar.value() > start  # the page moved instead of the answer
    shell.window.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    before = combo.currentIndex()
    wheel(combo, -1)
    assert combo.currentIndex() != before
