"""Bench-only Qt entry points, run as subprocesses by bench/run.py (offscreen). Synthetic data only.

    qt_probe.py bare                      a bare PySide6 window shown and drawn (cold start baseline)
    qt_probe.py app FOLDER USER [--cases] the real program: main window, scripted unlock (passphrase on
                                          stdin), drawn; with --cases then the Cases screen's list
    qt_probe.py app FOLDER USER --screens the real program, then each screen's first visit timed once
                                          the screens are built in the background (--screens-unbuilt:
                                          none built ahead, each built at its visit)
    qt_probe.py table PLAIN_DB            a bare QTableView over the same referrals read with sqlite3

Each prints ``READY`` once its window is drawn, then (for --cases and table) one line
``RESULT {json}`` with first_rows_s (first rows drawn: the Cases screen's first page),
first_page (rows then), all_rows_s (the whole list in: the status line no longer says "Loading all
cases..."), keystroke_s (one filter key typed after the whole list is in), rows, rows_after and
peak_rss_mb.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILTER_TEXT = "7"  # narrows a list of case references/dates without emptying it
TIMEOUT_S = 20.0


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM).

    Not getrusage's ru_maxrss: on Linux that survives fork and exec, so a probe started by a
    run.py holding 370 MB of county data reported the parent's 370 MB whatever it used itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ready() -> None:
    print("READY", flush=True)


def _wait(app: Any, done: Any, timeout: float = TIMEOUT_S) -> bool:
    """Process events until done() is true; False on timeout."""
    end = time.perf_counter() + timeout
    while not done():
        app.processEvents()
        if time.perf_counter() > end:
            return False
        time.sleep(0.0005)
    return True


def _settle(app: Any, view: Any) -> None:
    app.processEvents()
    view.viewport().grab()  # lay out and paint the visible rows


def _measure_list(
    app: Any, find_view: Any, start: Any, find_edit: Any, loaded: Any = lambda: True
) -> dict[str, Any]:
    """Time start() until a view has rows drawn (first_rows_s: a first page counts), then until
    loaded() says the whole list is in (all_rows_s), then one filter keystroke until the rows
    change (keystroke_s, typed only once the whole list is in)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    t0 = time.perf_counter()
    start()
    found: list[Any] = []

    def has_rows() -> bool:
        view = find_view()
        if view is not None and view.model() is not None and view.model().rowCount() > 0:
            found.append(view)
            return True
        return False

    if not _wait(app, has_rows):
        return {"error": "no rows shown"}
    view = found[0]
    _settle(app, view)
    first = time.perf_counter() - t0
    first_page = view.model().rowCount()
    if not _wait(app, loaded, timeout=60):
        return {"first_rows_s": first, "error": "the full list never loaded", "peak_rss_mb": _peak_rss_mb()}
    _settle(app, view)
    all_rows = time.perf_counter() - t0
    rows = view.model().rowCount()
    edit = find_edit()
    if edit is None:
        return {"first_rows_s": first, "rows": rows, "error": "no filter box", "peak_rss_mb": _peak_rss_mb()}
    edit.setFocus()
    app.processEvents()
    t1 = time.perf_counter()
    QTest.keyClick(edit, FILTER_TEXT, Qt.KeyboardModifier.NoModifier)
    changed = _wait(app, lambda: view.model().rowCount() != rows, timeout=5.0)
    _settle(app, view)
    keystroke = time.perf_counter() - t1
    return {
        "first_rows_s": first,
        "first_page": first_page,
        "all_rows_s": all_rows,
        "keystroke_s": keystroke if changed else None,
        "rows": rows,
        "rows_after": view.model().rowCount(),
        "peak_rss_mb": _peak_rss_mb(),
    }


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    window.grab()
    _ready()


def _measure_cases(app: Any, shell: Any) -> dict[str, Any]:
    """The case list as a user meets it: first rows, a filter keystroke, the full list."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

    def screen() -> Any:
        try:
            return shell.window.screen_for("cases")
        except (KeyError, LookupError):
            return None

    def find_view() -> Any:
        s = screen()
        views = [v for v in s.findChildren(QAbstractItemView) if v.isVisible()] if s else []
        return max(views, key=lambda v: v.model().rowCount() if v.model() else -1, default=None)

    def find_edit() -> Any:
        s = screen()
        edits = [e for e in s.findChildren(QLineEdit) if e.isVisible() and not e.isReadOnly()] if s else []
        for e in edits:
            hint = (e.placeholderText() + e.objectName() + e.accessibleName()).lower()
            if any(w in hint for w in ("filter", "search", "find")):
                return e
        return edits[0] if edits else None

    def loaded() -> bool:
        # The screen shows a first page, then the full list; until then a status line says
        # "Loading all cases..." (a screen without one counts as loaded at its first rows).
        s = screen()
        labels = s.findChildren(QLabel) if s else []
        return not any("loading all" in label.text().lower() for label in labels)

    return _measure_list(app, find_view, lambda: shell.navigate("cases"), find_edit, loaded)


def _measure_screens(app: Any, shell: Any) -> dict[str, Any]:
    """Each screen's first visit, from the navigation to the screen drawn with what it shows loaded
    (the worker idle; the Cases screen once its first rows are drawn, as 6a counts it)."""
    from PySide6.QtWidgets import QAbstractItemView

    from ui.main_window import SCREENS

    out: dict[str, Any] = {}
    for _label, key, _module, _name in SCREENS:
        if not _wait(app, lambda: not shell.worker.busy, timeout=120):
            return {"error": f"the work before {key} never finished"}
        t0 = time.perf_counter()
        shell.navigate(key)
        screen = shell.window.screen_for(key)

        def useful(key: str = key, screen: Any = screen) -> bool:
            if key == "cases":
                views = [v for v in screen.findChildren(QAbstractItemView) if v.isVisible() and v.model()]
                return any(v.model().rowCount() > 0 for v in views)
            return not shell.worker.busy

        if not _wait(app, useful, timeout=60):
            return {"error": f"{key} never finished loading"}
        app.processEvents()
        screen.grab()
        out[key] = time.perf_counter() - t0
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def app_main(folder: Path, user: str, cases: bool, screens: str = "") -> None:
    passphrase = sys.stdin.readline().rstrip("\n")
    from PySide6.QtWidgets import QApplication

    from dv_forum.hardening import harden_process
    from ui.app import Shell
    from ui.main_window import MainWindow
    from ui.style import STYLESHEET

    if screens == "--screens-unbuilt":
        MainWindow._prebuild_next = lambda self, session: None  # type: ignore[method-assign]

    harden_process()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("dv-forum")
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
    app.setQuitOnLastWindowClosed(False)
    shell = Shell(folder)
    unlocked: list[bool] = []
    shell.unlocked.connect(lambda: unlocked.append(True))
    shell.start()
    shell.unlock(user, passphrase)
    if not _wait(app, lambda: bool(unlocked), timeout=120):
        print("RESULT " + json.dumps({"error": "not unlocked"}), flush=True)
        return
    app.processEvents()
    shell.window.grab()
    _ready()
    result: dict[str, Any] = {}
    from ui.main_window import screen_class

    settle_s = None
    if cases or screens == "--screens":
        # As a user meets the program: Home drawn, the other screens built in the background
        # while she reads it (--screens-unbuilt times the visits without that wait).
        t0 = time.perf_counter()
        if not _wait(app, lambda: shell.window.settled() and not shell.worker.busy, timeout=120):
            print("RESULT " + json.dumps({"error": "the screens were never all built"}), flush=True)
            return
        settle_s = time.perf_counter() - t0

    if cases and screen_class("ui.screens.cases", "CasesScreen") is None:
        result = {"error": "the Cases screen is not on this branch yet"}
    elif cases:
        result = _measure_cases(app, shell)
    elif screens:
        result = _measure_screens(app, shell)
    if settle_s is not None:
        result["settle_s"] = settle_s
    print("RESULT " + json.dumps(result), flush=True)
    shell.shutdown()


def table(plain_db: Path) -> None:
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

    class Model(QAbstractTableModel):
        def __init__(self, rows: list[tuple[Any, ...]]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
            return 7

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column()]
            return None

    app = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    view = QTableView()
    layout.addWidget(edit)
    layout.addWidget(view)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    window.grab()
    _ready()

    def start() -> None:
        conn = sqlite3.connect(plain_db)
        rows = conn.execute(
            "SELECT case_ref, referral_date, risk_band, area, referring_agency, idva, status FROM referrals"
            " ORDER BY referral_date DESC, id DESC"
        ).fetchall()
        conn.close()
        proxy = QSortFilterProxyModel(window)
        proxy.setSourceModel(Model(rows))
        proxy.setFilterKeyColumn(-1)
        edit.textChanged.connect(proxy.setFilterFixedString)
        view.setModel(proxy)

    result = _measure_list(app, lambda: view, start, lambda: edit)
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "app":
        mode_flags = sys.argv[4:]
        screens = next((f for f in mode_flags if f.startswith("--screens")), "")
        app_main(Path(sys.argv[2]), sys.argv[3], "--cases" in mode_flags, screens)
    elif mode == "table":
        table(Path(sys.argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
