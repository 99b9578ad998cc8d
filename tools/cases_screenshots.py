"""Screenshots of the Cases screen on synthetic demo data (offscreen; no display needed):
python tools/cases_screenshots.py docs/screenshots"""

from __future__ import annotations

import os
import random

from capture import output_folder, save, scratch_folder
from PySide6.QtWidgets import QApplication, QScrollArea

from dv_forum.cases import case_list, demo
from dv_forum.vault import KdfParams, Vault
from tests.ui.screen_ctx import SyncContext
from ui.screens.cases import CasesScreen


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = output_folder()
    app = QApplication([])
    with scratch_folder("dvf-cases-shots-") as tmp:
        vault, _ = Vault.create(tmp / "v", "coord", "screenshot passphrase", kdf=KdfParams())
        with vault.transaction():
            demo.generate(vault, random.Random(2026))
        ctx = SyncContext(vault)
        screen = CasesScreen(ctx)
        ctx.screens.append(screen)
        screen.resize(1366, 700)
        screen.show()
        screen.on_unlocked()
        repeat = next(
            c for c in case_list.list_cases(vault, audit=False) if c["repeat"] and c["previous_referral"]
        )
        screen.open_case(repeat["case_ref"])
        app.processEvents()
        save(screen.grab(), out / "cases-list-repeat-banner.png")
        screen.tabs.setCurrentIndex(1)
        form = screen.form
        form.inputs["referral_date"].setText("31/02/2026")
        form.identity["victim"]["surname"].setText("Example")
        for box in list(form.checklist.boxes.values())[:11]:
            box.setCurrentText("Yes")
        app.processEvents()
        save(screen.grab(), out / "cases-referral-form.png")
        scroll = form.findChild(QScrollArea)
        scroll.ensureWidgetVisible(form.checklist.score_label)
        app.processEvents()
        save(screen.grab(), out / "cases-dash-checklist.png")
        screen.tabs.setCurrentIndex(2)
        app.processEvents()
        save(screen.grab(), out / "cases-possible-matches.png")
        vault.close()


if __name__ == "__main__":
    main()
