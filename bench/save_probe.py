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


def _open(folder: Path, user: str, passphrase: str) -> tuple[Any, Any, Any]:
    """The real program unlocked on the Cases screen with its whole list in, and drawn once."""
    from PySide6.QtWidgets import QApplication, QLabel

    from ui.app import Shell
    from ui.style import apply_look

    app = QApplication(sys.argv[:1])
    apply_look(app)
    app.setQuitOnLastWindowClosed(False)
    shell = Shell(folder)
    unlocked: list[bool] = []
    shell.unlocked.connect(lambda: unlocked.append(True))
    shell.start()
    shell.unlock(user, passphrase)
    if not _wait(app, lambda: bool(unlocked), timeout=120):
        raise RuntimeError("not unlocked")
    shell.window.resize(1366, 728)
    shell.window.show()
    shell.navigate("cases")
    screen = shell.window.screen_for("cases")

    def idle() -> bool:
        labels = screen.findChildren(QLabel)
        return not shell.worker.busy and not any("loading all" in x.text().lower() for x in labels)

    _wait(app, idle, timeout=120)
    shell.window.grab()  # the window's first paint (offscreen, nothing paints until asked)
    shell.idle = idle
    return app, shell, screen


def _save_once(app: Any, screen: Any, i: int) -> float | None:
    """Seconds from the Save key to the saved case shown and selected, or None if it never was."""
    screen.tabs.setCurrentWidget(screen.form)
    _fill(screen.form, i)
    app.processEvents()
    before = screen.saved_note.text()
    t0 = time.perf_counter()
    screen.form.save.click()

    def shown() -> bool:
        note = screen.saved_note.text()
        if note == before or not note.startswith("Saved as "):
            return False
        rows = screen.table.selectionModel().selectedRows()
        return bool(rows) and screen.model.ref_at(rows[0].row()) == note.split()[2]

    if not _wait(app, shown, timeout=30):
        return None
    screen.table.viewport().grab()
    return time.perf_counter() - t0


def main() -> None:
    folder, user, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    from dv_forum.cases import referrals

    core: list[float] = []
    real_create = referrals.create

    def timed_create(*args: Any, **kwargs: Any) -> str:
        t = time.perf_counter()
        try:
            return real_create(*args, **kwargs)
        finally:
            core.append(time.perf_counter() - t)

    referrals.create = timed_create  # type: ignore[assignment]
    try:
        app, shell, screen = _open(folder, user, passphrase)
    except RuntimeError as exc:
        print("RESULT " + json.dumps({"error": str(exc)}), flush=True)
        return
    _ready()
    saves: list[float] = []
    for i in range(n):
        took = _save_once(app, screen, i)
        if took is None:
            print("RESULT " + json.dumps({"error": "the saved case was not shown"}), flush=True)
            return
        saves.append(took)
        _wait(app, shell.idle, timeout=120)  # the full reload the save sets off, before the next
    print("RESULT " + json.dumps({"save_s": saves, "core_s": core}), flush=True)
    shell.shutdown()


if __name__ == "__main__":
    main()
