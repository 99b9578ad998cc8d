"""The MARAC screen with a synchronous stand-in for the shell's worker."""

from PySide6.QtCore import Qt

from tests.marac.conftest import (  # noqa: F401
    insert_referral,  # noqa: F401  (fixtures below)
    populated,
    referral,
)


class SyncCtx:
    def __init__(self, vault):
        self.vault = vault
        self.user_name = vault.user.name
        self.role = vault.user.role.value
        self.errors = []
        self.screens = []

    def run(self, fn, on_done=None, on_error=None, changes=()):
        try:
            result = fn(self.vault)
        except Exception as exc:  # noqa: BLE001
            self.errors.append(exc)
            if on_error:
                on_error(exc)
            return
        if on_done:
            on_done(result)
        for s in self.screens:
            s.on_changed(changes)

    def run_pool(self, fn, on_done=None, on_error=None):
        result = fn()
        if on_done:
            on_done(result)


def _screen(qtbot, vault):
    from ui.screens.marac import MaracScreen

    ctx = SyncCtx(vault)
    screen = MaracScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return screen, ctx


def _select_meeting(screen, date):
    for i in range(screen.meeting_list.count()):
        if screen.meeting_list.item(i).text().startswith(date):
            screen.meeting_list.setCurrentRow(i)


def test_agenda_keyboard_reorder_and_actions(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    assert screen.agenda_table.rowCount() == 5
    first = screen.agenda_table.item(0, 1).text()
    screen.agenda_table.setFocus()
    screen.agenda_table.selectRow(0)
    screen.move_case(1)
    assert screen.agenda_table.item(1, 1).text() == first
    # Fast action entry: Enter in the description adds the action and keeps the case.
    screen.tabs.setCurrentIndex(2)
    screen.agency_combo.setCurrentText("Police")
    screen.desc_edit.setText("Flag the address")
    qtbot.keyClick(screen.desc_edit, Qt.Key.Key_Return)
    assert not ctx.errors
    descriptions = [screen.action_table.item(r, 3).text() for r in range(screen.action_table.rowCount())]
    assert "Flag the address" in descriptions
    row = descriptions.index("Flag the address")
    screen.action_table.setCurrentCell(row, 0)
    qtbot.keyClick(screen.action_table, Qt.Key.Key_2)
    assert screen.action_table.item(row, 5).text() == "Done"


def test_pack_preview_renders_pages(qtbot, vault, populated):  # noqa: F811
    screen, ctx = _screen(qtbot, vault)
    _select_meeting(screen, "2026-03-12")
    screen.recipient_combo.setCurrentIndex(screen.recipient_combo.findData("Housing"))
    screen.preview()
    assert not ctx.errors
    assert screen.preview_view.page_count == 12
    screen.clear()
    assert screen.preview_view.page_count == 0 and screen.agenda_table.rowCount() == 0


def test_chair_cannot_edit(qtbot, vault_factory, populated):  # noqa: F811
    chair = vault_factory(role="chair")
    screen, _ = _screen(qtbot, chair)
    assert not screen.new_button.isEnabled() and not screen.desc_edit.isEnabled()
    assert screen.preview_button.isEnabled()
