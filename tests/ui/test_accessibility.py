"""Every control has a name a screen reader can say (WCAG 2.2 AA 4.1.2 / EN 301 549 11.4.1.2),
tables expose their headers, and nothing on the screens is told by colour alone.

The walk (tests/ui/a11y_walk.py) opens every screen of a demo vault from the navigation, shows each
tab in turn, and lists "screen > widget class > objectName or placeholder" for each focusable
control with no accessible name, no label buddy and no text of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCalendarWidget, QTableView, QWidget, QWizard

from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from tests.ui.a11y_walk import walk, walk_pages
from tests.ui.shell_helpers import unlock, wait_idle
from ui.main_window import SCREENS


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    create_demo(tmp_path / "vault", scale=0.02).close()
    return tmp_path / "vault"


def _lists(screen: QWidget) -> list[QTableView]:
    """The screen's tables, without the date pickers' own day grids."""
    views = screen.findChildren(QTableView)
    return [v for v in views if not isinstance(v.parentWidget(), QCalendarWidget)]


def _screens_walk(qtbot, shell) -> list[str]:
    window = shell.window
    found: list[str] = []
    for label, key, _module, _name in SCREENS:
        window.show_screen(key)
        wait_idle(qtbot, shell)
        screen = window.screen_for(key)
        assert window.stack.currentWidget() is screen
        found += walk(screen, label)
    found += walk(window.nav, "Navigation")
    found += walk(window.toolbar, "Toolbar")
    return sorted(set(found), key=found.index)


def test_every_control_on_every_screen_has_an_accessible_name(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    found = _screens_walk(qtbot, shell)
    assert found == [], "controls without an accessible name:\n" + "\n".join(found)


def test_an_outreach_workers_screens_are_named_too(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, "ann", DEMO_PASSPHRASE)
    found = _screens_walk(qtbot, shell)
    assert found == [], "controls without an accessible name:\n" + "\n".join(found)


def test_every_table_shows_its_column_headers(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    hidden = []
    for screen in shell.window.build_all():
        for view in _lists(screen):
            model = view.model()
            header = view.horizontalHeader()
            titles = [model.headerData(c, header.orientation()) for c in range(model.columnCount())]
            if header.isHidden() or not all(str(t or "").strip() for t in titles):
                hidden.append(f"{screen.title} > {view.accessibleName() or view.objectName()}")
            if not view.accessibleName():
                hidden.append(f"{screen.title} > unnamed table")
    assert hidden == [], "\n".join(hidden)


def test_the_unlock_screen_pages_are_named(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    panel = shell.window.unlock

    def page(show):
        def shown():
            show()
            return panel

        return shown

    found = walk_pages(
        [
            ("Unlock", page(panel.show_unlock)),
            ("Unlock > recovery key", page(panel.show_recovery)),
            ("Unlock > restore", page(panel.show_restore)),
        ]
    )
    assert found == [], "controls without an accessible name:\n" + "\n".join(found)


def test_the_first_run_wizard_pages_are_named(qtbot, make_shell, tmp_path):
    shell = make_shell(tmp_path / "fresh")
    wizard = shell.wizard
    pages = []
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)

        def show(page=page):
            for other in wizard.pageIds():
                wizard.page(other).setVisible(wizard.page(other) is page)
            return page

        pages.append((f"Wizard > {page.title() or page_id}", show))
    found = walk_pages(pages)
    found += walk(wizard.button(QWizard.WizardButton.NextButton).parentWidget(), "Wizard buttons")
    assert found == [], "controls without an accessible name:\n" + "\n".join(found)


# What each colour in a list means, in the words the row must also show (WCAG 1.4.1).
COLOUR_WORDS = ("overdue", "repeat", "high")


def _coloured(cell: QModelIndex) -> bool:
    roles = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole)
    return any(cell.data(role) is not None for role in roles)


def test_no_list_tells_anything_by_colour_alone(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    coloured, silent = 0, []
    for screen in shell.window.build_all():
        shell.window.show_screen(screen.nav_key)
        wait_idle(qtbot, shell)
        for view in _lists(screen):
            model = view.model()
            for row in range(min(model.rowCount(), 300)):
                cells = [model.index(row, c) for c in range(model.columnCount())]
                marked = [cell for cell in cells if _coloured(cell)]
                if not marked:
                    continue
                coloured += 1
                text = " ".join(str(cell.data() or "") for cell in cells).casefold()
                if len(marked) < len(cells):  # a coloured cell (a band, a register mark) says it
                    said = all(str(cell.data() or "").strip() for cell in marked)
                else:  # a coloured row says in words why
                    said = any(word in text for word in COLOUR_WORDS)
                if not said:
                    silent.append(f"{screen.title} > {view.accessibleName()} > row {row}: {text}")
    assert coloured > 0  # the demo has repeats and overdue follow-ups: the check checked something
    assert silent == [], "\n".join(silent[:20])


def test_focus_stays_visible_where_the_stylesheet_restyles():
    import re

    from ui.style import STYLESHEET

    rules = re.findall(r"([^{}]+)\{([^}]*)\}", STYLESHEET)
    restyled = set()
    for selectors, body in rules:
        if "outline: none" in body or "border:" in body or "background:" in body:
            restyled |= {s.strip() for s in selectors.split(",") if ":" not in s}
    focus = {s.strip() for selectors, _ in rules for s in selectors.split(",") if ":focus" in s}
    interactive = [s for s in restyled if re.match(r"^(QToolBar QToolButton|QListWidget|QPushButton)", s)]
    missing = [s for s in interactive if not any(f.startswith(s) for f in focus)]
    assert interactive and missing == []
    assert "QPushButton:default:focus" in focus  # the default button's own border is restyled
