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


def test_a_new_vault_shows_the_getting_started_checklist_until_it_is_set_up(qtbot, make_shell, tmp_path):  # type: ignore[no-untyped-def]
    from dv_forum.district import setup
    from dv_forum.marac import meetings
    from dv_forum.vault import Vault
    from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE

    folder = tmp_path / "new"
    Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0].close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    home = shell.window.screen_for("home")
    qtbot.waitUntil(lambda: home.checklist.isVisibleTo(home), timeout=10000)
    text = home.checklist.text()
    assert "Set up your partnership" in text and "Schedule the MARAC meetings" in text
    shell.lock()
    wait_idle(qtbot, shell)
    vault = Vault.open(folder, "coord", PASSPHRASE)
    try:
        done = setup.current(vault.conn)
        done.localities = ["Northgate"]
        setup.apply(vault, done)
        vault.add_user("sam", "coordinator", PASSPHRASE, PASSPHRASE)
        from dv_forum.cases import referrals
        from dv_forum.cases.linkage import Identity

        referrals.create(vault, {"referral_date": "2026-01-05"}, Identity("A", "B", "1980-01-01"))
        meetings.add_meeting(vault, "2026-12-16")
        from dv_forum import getting_started

        assert all(step.done for step in getting_started.steps(vault))
    finally:
        vault.close()
    unlock(qtbot, shell)
    wait_idle(qtbot, shell)
    home = shell.window.screen_for("home")  # the screens are made again at each unlock
    assert not home.checklist.isVisibleTo(home)
