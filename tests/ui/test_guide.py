"""F1 opens the user guide (offline, searchable) at the section for the screen in use; Help >
About shows the version."""

from __future__ import annotations

from dv_forum import __version__
from tests.ui.shell_helpers import unlock, wait_idle
from ui.guide import SECTIONS, GuideDialog, guide_text


def test_every_screen_has_its_section_in_the_guide() -> None:
    text = guide_text()
    for heading in SECTIONS.values():
        assert f"\n## {heading}\n" in text, heading


def test_f1_opens_the_guide_at_the_screen_in_use_and_it_finds_words(
    qtbot, make_shell, folder, scripted_dialogs
):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    window = shell.window
    window.show_screen("marac")
    wait_idle(qtbot, shell)
    window.guide_action.trigger()
    guide = window.guide
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert guide.view.textCursor().selectedText() == "MARAC"  # its section, not the top
    guide.search.setText("waiting list")
    assert guide.find_next() and guide.view.textCursor().selectedText().lower() == "waiting list"
    guide.search.setText("no such words anywhere")
    assert not guide.find_next()
    guide.close()
    scripted_dialogs.script(None)
    window.about_action.trigger()
    kind, title, text = scripted_dialogs.history[-1]
    assert (kind, title) == ("info", "About dv-forum") and __version__ in text
