"""Regenerate the README screenshots of Home, Cases and MARAC, and two rendered pages of a MARAC
pack, on synthetic demo data only. One command (needs Xvfb and poppler's pdftoppm):

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/readme_screenshots.py docs/screenshots

Writes home.png, cases-list.png, cases-repeat-banner.png, cases-form.png, marac-agenda.png,
marac-pack-page.png (the case list) and marac-pack-case-page.png (a case page). The pack is made
with the real command line (`dv-forum demo`, then `dv-forum pack DATE --out`) and rendered with
`pdftoppm -r 80 -png`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from capture import (
    ROOT,
    demo_shell,
    output_folder,
    pump,
    scratch_folder,
    shoot_window,
    styled_app,
    unlock_demo,
    wait,
)
from PySide6.QtWidgets import QScrollArea

from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER
from ui import dialogs
from ui.screens.cases.models import C


def app_shots(out: Path, tmp: Path) -> None:
    _app = styled_app()  # referenced until the end: the application must outlive every window
    dialogs.strict = True  # a dialog popping up here is a bug: fail rather than hang
    shell = demo_shell(tmp / "demo")
    shell.window.resize(1366, 728)  # a council laptop (1366x768) less its taskbar
    shell.window.move(40, 40)
    unlock_demo(shell)
    shoot_window(shell, out / "home.png")

    shell.window.show_screen("cases")
    cases = shell.window.screen_for("cases")
    wait(lambda: cases.model.rowCount() > 0)
    shoot_window(shell, out / "cases-list.png")  # repeats are tinted amber in the list
    model = cases.model
    repeat_row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, C["is_repeat"]).data() and model.index(r, C["previous_referral"]).data()
    )
    cases.table.selectRow(repeat_row)
    cases.open_case(model.ref_at(repeat_row))
    shoot_window(shell, out / "cases-repeat-banner.png")

    # The referral form, filled from that case (edit), scrolled to the DASH checklist.
    cases.edit_button.click()
    wait(lambda: cases.tabs.currentIndex() == 1)
    form = cases.form
    scroll = form.findChild(QScrollArea)
    scroll.ensureWidgetVisible(form.checklist.score_label)
    shoot_window(shell, out / "cases-form.png")
    cases.tabs.setCurrentIndex(0)

    shell.window.show_screen("marac")
    marac = shell.window.screen_for("marac")
    wait(lambda: marac.agenda.table.rowCount() > 0)
    marac.tabs.setCurrentIndex(0)
    shoot_window(shell, out / "marac-agenda.png")

    shell.window.show_screen("stats")
    pump(1500)
    wait(lambda: not shell.worker.busy)
    pump(500)
    shoot_window(shell, out / "stats-screen.png")
    shell.lock()
    wait(lambda: not shell.worker.busy)
    shell.shutdown()
    pump()


def pack_pages(out: Path, tmp: Path) -> None:
    env = dict(
        os.environ,
        DV_FORUM_VAULT=str(tmp / "cli-vault"),
        DV_FORUM_PASSPHRASE=DEMO_PASSPHRASE,
        DV_FORUM_USER=DEMO_USER,
    )

    def cli(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "dv_forum", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    cli("demo")
    listing = cli("meetings", "list", "--json")

    data = json.loads(listing)
    rows = data.get("meetings", []) if isinstance(data, dict) else data
    held = [m for m in rows if m["status"] != "scheduled"]
    pdf = tmp / "pack.pdf"
    cli("pack", held[-1]["date"], "--out", str(pdf))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    case_list = next(i for i, page in enumerate(pages) if "Case list" in page) + 1
    for name, page in (("marac-pack-page", case_list), ("marac-pack-case-page", case_list + 1)):
        prefix = tmp / name
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        shutil.copyfile(prefix.with_suffix(".png"), out / f"{name}.png")
        print("saved", out / f"{name}.png")


def main() -> None:
    out = output_folder()
    with scratch_folder("dvf-readme-shots-") as tmp:
        app_shots(out, tmp)
        pack_pages(out, tmp)


if __name__ == "__main__":
    main()
