"""Screenshot of a chair's own vault: the MARAC screen showing the meetings sent to her, from the
multi-vault demo (synthetic data only; needs Xvfb):

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/chair_screenshot.py docs/screenshots
"""

from __future__ import annotations

from capture import output_folder, pump, scratch_folder, shoot_window, styled_app, wait

from dv_forum.demo import DEMO_PASSPHRASE
from dv_forum.demo_multi import create_multi_demo
from ui import app as app_module


def main() -> None:
    out = output_folder()
    _app = styled_app()
    with scratch_folder("dvf-chair-") as tmp:
        folders = create_multi_demo(tmp / "demo")
        shell = app_module.Shell(folders["chair"], exit_app=lambda: None)
        shell.start()
        shell.window.resize(1366, 768)
        shell.unlock("chair", DEMO_PASSPHRASE)
        wait(lambda: shell.is_unlocked and not shell.worker.busy)
        screen = shell.window.screen_for("marac")
        wait(lambda: screen.meetings.count() > 0)
        fullest = max(range(len(screen.packs)), key=lambda i: (len(screen.packs[i]["actions"]), i))
        screen.meetings.setCurrentRow(fullest)
        pump(500)
        shoot_window(shell, out / "chair-marac.png")
        shell.lock()
        wait(lambda: not shell.worker.busy)
        shell.shutdown()
        pump()


if __name__ == "__main__":
    main()
