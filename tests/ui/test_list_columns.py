"""Lists choose and remember their columns with the reference frozen on the left, and the case
details pane folds away (issue 19, "Fits a laptop")."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dv_forum import paths
from tests.ui.test_cases_screen import make, seed
from tests.ui.test_outreach_screen import team  # noqa: F401  (fixture)


def _titles(screen) -> list[str]:
    header = screen.table.horizontalHeader()
    model = screen.model
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(model.columnCount())
        if not header.isSectionHidden(c)
    ]


def test_a_hidden_column_stays_hidden_and_the_reference_cannot_go(qtbot, vault):
    seed(vault)
    _, screen = make(qtbot, vault)
    menu = screen.columns.menu()
    first = menu.actions()[0]
    assert first.text() == "Case" and first.isChecked() and not first.isEnabled()
    locality = next(a for a in menu.actions() if a.text() == "Locality")
    locality.toggle()
    assert "Locality" not in _titles(screen)
    screen.columns.save()
    ini = (paths.config_dir() / "window.ini").read_text(encoding="utf-8")
    assert "lists" in ini and "NWL-" not in ini  # the layout only, never a value from the list
    _, again = make(qtbot, vault)
    assert "Locality" not in _titles(again) and _titles(again)[0] == "Case"
    again.columns.set_shown(0, False)  # refused: the reference is always shown
    header = again.table.horizontalHeader()
    header.moveSection(0, 3)  # dragged: it goes back first
    assert header.visualIndex(0) == 0 and not header.isSectionHidden(0)
    again.columns.show_all()
    assert "Locality" in _titles(again)


def test_the_reference_stays_in_view_when_the_list_scrolls_sideways(qtbot, vault):
    seed(vault)
    _, screen = make(qtbot, vault)
    screen.resize(700, 500)
    screen.show()
    qtbot.waitExposed(screen)
    table, frozen = screen.table, screen.columns.frozen
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.maximum() > 0 and table.columnViewportPosition(0) < 0  # the list's own column scrolled off
    assert frozen.isVisible() and frozen.geometry().left() <= table.frameWidth()
    assert frozen.columnWidth(0) == table.columnWidth(0)
    assert [c for c in range(frozen.model().columnCount()) if not frozen.isColumnHidden(c)] == [0]
    table.selectRow(1)
    assert [i.row() for i in frozen.selectionModel().selectedRows()] == [1]  # one selection, shared
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == table.verticalScrollBar().value()


def test_the_details_pane_folds_away_and_stays_folded(qtbot, vault):
    seed(vault)
    _, screen = make(qtbot, vault)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    toggle = screen.details_toggle
    assert toggle.is_open() and toggle.button.text() == "Hide details"
    toggle.button.click()
    assert not toggle.is_open() and toggle.button.text() == "Show details"
    assert "Ctrl+D" in toggle.button.toolTip()
    toggle.save()
    _, again = make(qtbot, vault)
    again.resize(1200, 700)
    again.show()
    qtbot.waitExposed(again)
    assert not again.details_toggle.is_open()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    again.table.setFocus()
    qtbot.keyClick(again.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert again.details_toggle.is_open()


def test_the_client_list_chooses_its_columns_with_the_client_code_frozen(qtbot, team):  # noqa: F811
    from tests.ui.test_outreach_screen import make as make_outreach

    coord, *_ = team
    _, screen = make_outreach(qtbot, coord)
    columns = screen.clients_columns
    view = screen.clients_view
    assert screen.tabs.widget(0).isAncestorOf(columns.button)  # under the client list
    first = columns.menu().actions()[0]
    assert first.text() == "Client" and not first.isEnabled()
    columns.set_shown(3, False)  # Locality
    columns.save()
    _, again = make_outreach(qtbot, coord)
    assert again.clients_view.isColumnHidden(3) and not again.clients_view.isColumnHidden(0)
    assert [c for c in range(view.model().columnCount()) if not columns.frozen.isColumnHidden(c)] == [0]
