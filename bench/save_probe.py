"""Bench-only: the real program saving referrals from its form, run as a subprocess by
bench/save_ui_bench.py (offscreen, synthetic data only).

    save_probe.py FOLDER USER N     passphrase on stdin

Unlocks, opens the Cases screen, waits for the whole list, then N times: fills the referral form
(a new victim each time), presses Save, and times from the key to the saved case being shown and
selected in the list (save_s). It also times the save job alone on the worker thread
(referrals.create: core_s), the baseline of the same run. Prints READY, then RESULT {json}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from qt_probe import _ready, _wait

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _fill(form: Any, n: int) -> None:
    form.inputs["referral_date"].setText("01/12/2026")
    form.inputs["victim_initials"].setText("BS")
    form.identity["victim"]["source_id"].setText(f"SAVE-PROBE-V{n}")
    form.identity["perpetrator"]["source_id"].setText(f"SAVE-PROBE-P{n % 3}")


def main() -> None:
    folder, user, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    from PySide6.QtWidgets import QApplication, QLabel

    from dv_forum.cases import referrals
    from ui.app import Shell
    from ui.style import apply_look

    app = QApplication(sys.argv[:1])
    apply_look(app)
    app.setQuitOnLastWindowClosed(False)
    core: list[float] = []
    real_create = referrals.create

    def timed_create(*args: Any, **kwargs: Any) -> str:
        t = time.perf_counter()
        try:
            return real_create(*args, **kwargs)
        finally:
            core.append(time.perf_counter() - t)

    referrals.create = timed_create  # type: ignore[assignment]
    shell = Shell(folder)
    unlocked: list[bool] = []
    shell.unlocked.connect(lambda: unlocked.append(True))
    shell.start()
    shell.unlock(user, passphrase)
    if not _wait(app, lambda: bool(unlocked), timeout=120):
        print("RESULT " + json.dumps({"error": "not unlocked"}), flush=True)
        return
    shell.window.resize(1366, 728)
    shell.window.show()
    shell.navigate("cases")
    screen = shell.window.screen_for("cases")

    def idle() -> bool:
        labels = screen.findChildren(QLabel)
        return not shell.worker.busy and not any("loading all" in x.text().lower() for x in labels)

    _wait(app, idle, timeout=120)
    shell.window.grab()  # the window's first paint (offscreen, nothing paints until asked)
    _ready()
    saves: list[float] = []
    for i in range(n):
        screen.tabs.setCurrentWidget(screen.form)
        _fill(screen.form, i)
        app.processEvents()
        before = screen.saved_note.text()
        t0 = time.perf_counter()
        screen.form.save.click()

        def shown(before: str = before) -> bool:
            note = screen.saved_note.text()
            if note == before or not note.startswith("Saved as "):
                return False
            ref = note.split()[2]
            rows = screen.table.selectionModel().selectedRows()
            return bool(rows) and screen.model.ref_at(rows[0].row()) == ref

        if not _wait(app, shown, timeout=30):
            print("RESULT " + json.dumps({"error": "the saved case was not shown"}), flush=True)
            return
        screen.table.viewport().grab()
        saves.append(time.perf_counter() - t0)
        _wait(app, idle, timeout=120)  # the full reload the save sets off, before the next one
    print("RESULT " + json.dumps({"save_s": saves, "core_s": core}), flush=True)
    shell.shutdown()


if __name__ == "__main__":
    main()
