"""The MARAC screen with a synchronous stand-in for the shell's worker."""

from PySide6.QtCore import Qt

from dv_forum.dates import shown
from tests.marac.conftest import (  # noqa: F401
    insert_referral,  # noqa: F401  (fixtures below)
    populated,
    referral,
)
from tests.ui.screen_ctx import SyncContext


def _screen(qtbot, vault):
    from ui.screens.marac import MaracScreen

    ctx = SyncContext(vault)
    screen = MaracScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return screen, ctx


def _select_meeting(screen, date):
    for i in range(screen.meetings.list.count()):
        if screen.meetings.list.item(i).text().split()[1] == shown(date):
            screen.meetings.list.setCurrentRow(i)


def test_agenda_keyboard_reorder_and_actions(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    assert screen.agenda.table.rowCount() == 5
    first = screen.agenda.table.item(0, 1).text()
    screen.agenda.table.setFocus()
    screen.agenda.table.selectRow(0)
    screen.agenda.move_case(1)
    assert screen.agenda.table.item(1, 1).text() == first
    # Fast action entry: Enter in the description adds the action and keeps the case.
    screen.tabs.setCurrentIndex(2)
    screen.actions_panel.agency_combo.setCurrentText("Police")
    screen.actions_panel.desc_edit.setText("Flag the address")
    qtbot.keyClick(screen.actions_panel.desc_edit, Qt.Key.Key_Return)
    assert not ctx.errors
    descriptions = [
        screen.actions_panel.table.item(r, 4).text() for r in range(screen.actions_panel.table.rowCount())
    ]
    assert "Flag the address" in descriptions
    row = descriptions.index("Flag the address")
    screen.actions_panel.table.setCurrentCell(row, 0)
    qtbot.keyClick(screen.actions_panel.table, Qt.Key.Key_2)
    assert screen.actions_panel.table.item(row, 6).text() == "Done"


def test_pack_preview_renders_pages(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    screen.pack.recipient_combo.setCurrentIndex(screen.pack.recipient_combo.findData("Housing"))
    screen.pack.preview()
    assert not ctx.errors
    assert screen.pack.preview_view.page_count == 12
    screen.clear()
    assert screen.pack.preview_view.page_count == 0 and screen.agenda.table.rowCount() == 0


def test_chair_cannot_edit(qtbot, vault_factory, populated):  # noqa: F811
    chair = vault_factory(role="chair")
    screen, _ = _screen(qtbot, chair)
    assert not screen.meetings.new_button.isEnabled() and not screen.actions_panel.desc_edit.isEnabled()
    assert screen.pack.preview_button.isEnabled()


def test_a_new_meeting_is_selected_with_its_venue_and_chair(qtbot, vault, populated, monkeypatch):  # noqa: F811
    from ui import dialogs

    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    dialogs.reset()
    dialogs.script({"date": "2026-05-14", "venue": "CV-HALL", "chair": "DI Shaw"})
    try:
        screen.meetings.new_button.click()
    finally:
        dialogs.reset()
    assert not ctx.errors
    assert screen.meetings.meeting_date == "2026-05-14"  # the next click acts on the new meeting
    assert screen.meetings.meeting_info.text() == "Venue CV-HALL; chair DI Shaw."


def test_copies_are_named_by_agency_and_minutes_are_saved_from_the_app(qtbot, vault, populated, tmp_path):  # noqa: F811
    from pypdf import PdfReader

    from ui import dialogs

    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    screen.pack.recipient_combo.setCurrentIndex(screen.pack.recipient_combo.findData("Housing"))
    dialogs.reset()
    dialogs.script(None, str(tmp_path / "minutes.pdf"), None)
    try:
        screen.pack.export_pack(False)  # cancelled at the file picker: only its suggestion matters
        screen.pack.export_minutes()
        asked = [h for h in dialogs.history if h[0] == "save_file"]
    finally:
        dialogs.reset()
    assert asked[0][2].endswith("marac-pack-2026-03-12-housing.pdf")
    assert not ctx.errors
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "minutes.pdf")).pages)
    assert "OFFICIAL-SENSITIVE" in text


def test_actions_show_their_meeting_overdue_ones_stand_out_and_the_mouse_sets_a_status(
    qtbot,
    vault,
    populated,  # noqa: F811
):
    from PySide6.QtWidgets import QMenu

    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    screen.tabs.setCurrentIndex(2)
    screen.actions_panel.agency_combo.setCurrentText("Police")
    screen.actions_panel.desc_edit.setText("Flag the address")
    screen.actions_panel.due_edit.line.setText("01/04/2026")
    screen.actions_panel.due_edit.line.textEdited.emit("01/04/2026")
    screen.actions_panel.add_action()
    table = screen.actions_panel.table
    row = [table.item(r, 4).text() for r in range(table.rowCount())].index("Flag the address")
    assert table.item(row, 0).text() == "12/03/2026"
    assert table.item(row, 4).toolTip().startswith("Overdue since 01/04/2026")  # due and still open
    menu = table.status_menu(row)  # what a right-click on the row opens
    assert isinstance(menu, QMenu) and len(menu.actions()) == 4
    next(a for a in menu.actions() if a.text().startswith("Done")).trigger()
    assert not ctx.errors
    row = [table.item(r, 4).text() for r in range(table.rowCount())].index("Flag the address")
    assert table.item(row, 6).text() == "Done" and not table.item(row, 4).toolTip().startswith("Overdue")
