"""Screenshots of the Cases screen on synthetic demo data (offscreen; no display needed):
python tools/cases_screenshots.py docs/screenshots"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from dv_forum.cases import demo, referrals  # noqa: E402
from dv_forum.vault import KdfParams, Vault  # noqa: E402
from tests.ui.screen_ctx import SyncContext  # noqa: E402
from ui.screens.cases import CasesScreen  # noqa: E402


def main(out: Path) -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        vault, _ = Vault.create(Path(tmp) / "v", "coord", "screenshot passphrase", kdf=KdfParams())
        with vault.transaction():
            demo.generate(vault, random.Random(2026))
        ctx = SyncContext(vault)
        screen = CasesScreen(ctx)
        ctx.screens.append(screen)
        screen.resize(1400, 800)
        screen.show()
        screen.on_unlocked()
        repeat = next(
            c for c in referrals.list_cases(vault, audit=False) if c["repeat"] and c["previous_referral"]
        )
        screen.open_case(repeat["case_ref"])
        app.processEvents()
        screen.grab().save(str(out / "cases-list-repeat-banner.png"))
        screen.tabs.setCurrentIndex(1)
        form = screen.form
        form.inputs["referral_date"].setText("31/02/2026")
        form.identity["victim"]["surname"].setText("Example")
        for box in list(form.checklist.boxes.values())[:11]:
            box.setCurrentText("yes")
        app.processEvents()
        screen.grab().save(str(out / "cases-referral-form.png"))
        scroll = form.findChild(QScrollArea)
        scroll.ensureWidgetVisible(form.checklist.score_label)
        app.processEvents()
        screen.grab().save(str(out / "cases-dash-checklist.png"))
        screen.tabs.setCurrentIndex(2)
        app.processEvents()
        screen.grab().save(str(out / "cases-possible-matches.png"))
        vault.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
