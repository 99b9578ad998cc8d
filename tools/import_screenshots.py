"""Screenshots of importing referrals on the Cases screen, from a synthetic file (offscreen; no
display needed): the progress dialog while rows are checked, and the problem list of a file with
bad rows. python tools/import_screenshots.py OUTPUT-FOLDER"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from capture import output_folder, save, scratch_folder, styled_app  # noqa: I001

from dv_forum.vault import KdfParams, Vault
from tests.ui.screen_ctx import SyncContext
from ui import dialogs
from ui.screens.cases import CasesScreen

HEADER = "case_ref,referral_date,victim_id,area,victim_gender,dash_score"


def synthetic_file(folder, n: int, bad_every: int = 0):
    lines = [HEADER]
    for i in range(1, n + 1):
        date = "31/02/2025" if bad_every and i % bad_every == 0 else f"2025-01-{1 + i % 28:02d}"
        area = "Atlantis" if bad_every and i % (bad_every * 3) == 0 else "Coalville"
        lines.append(f"{'BAD' if bad_every else 'SYN'}-{i},{date},S-{i},{area},F,{i % 24}")
    path = folder / ("referrals-bad.csv" if bad_every else "referrals.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    out = output_folder()
    app = styled_app()
    with scratch_folder("dvf-import-shots-") as tmp:
        vault, _ = Vault.create(tmp / "v", "coord", "screenshot passphrase", kdf=KdfParams())
        ctx = SyncContext(vault)
        screen = CasesScreen(ctx)
        ctx.screens.append(screen)
        screen.resize(1300, 760)
        screen.show()
        screen.on_unlocked()
        importer = screen.importer

        def shoot_progress(phase: str, n: int, total: int) -> None:
            if (phase, n) == ("checked", 2000):
                app.processEvents()
                save(importer.dialog.grab(), out / "cases-import-progress.png")

        importer.progress_shown.connect(shoot_progress)
        dialogs.script(str(synthetic_file(tmp, 5000)), True)
        importer.start()
        importer.progress_shown.disconnect(shoot_progress)
        app.processEvents()

        def show_problems(parent, title, text, problems, choices=(), detail="", cancel_label="Cancel"):
            dialog = dialogs.ProblemListDialog(parent, title, text, problems, choices, detail, cancel_label)
            dialog.resize(760, 460)
            dialog.show()
            app.processEvents()
            save(dialog.grab(), out / "cases-import-problems.png")
            dialog.deleteLater()
            return None

        dialogs.problem_list = show_problems
        dialogs.script(str(synthetic_file(tmp, 400, bad_every=7)))
        importer.start()
        app.processEvents()
        save(screen.grab(), out / "cases-import-list.png")
        vault.close()


if __name__ == "__main__":
    main()
