"""The main screens at a laptop's size, to look at in the normal look, at 200% scaling and in high
contrast (offscreen; no display needed):

    python tools/look_screenshots.py OUT                                 # normal, 1366x768
    QT_SCALE_FACTOR=2 python tools/look_screenshots.py OUT               # 200%
    DV_FORUM_HIGH_CONTRAST=1 python tools/look_screenshots.py OUT        # high contrast

Files are named look-SCREEN-SUFFIX.png, SUFFIX saying which look (normal, 200, contrast)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from capture import demo_shell, output_folder, pump, scratch_folder, shoot_window, styled_app, unlock_demo

SCREENS = ("home", "cases", "marac", "outreach", "freedom", "stats")


def suffix() -> str:
    if os.environ.get("DV_FORUM_HIGH_CONTRAST") == "1":
        return "contrast"
    return "200" if os.environ.get("QT_SCALE_FACTOR") == "2" else "normal"


def main() -> None:
    out = output_folder()
    _app = styled_app()
    with scratch_folder("dvf-look-") as tmp:
        shell = demo_shell(tmp / "vault")
        shell.window.resize(1366, 728)  # 768 less a taskbar
        shell.window.show()
        unlock_demo(shell)
        for key in SCREENS:
            shell.window.show_screen(key)
            pump(400)
            shoot_window(shell, out / f"look-{key}-{suffix()}.png")
        cases = shell.window.screen_for("cases")
        shell.window.show_screen("cases")
        cases.tabs.setCurrentIndex(1)
        shoot_window(shell, out / f"look-referral-form-{suffix()}.png")
        shell.shutdown()
    del _app


if __name__ == "__main__":
    main()
