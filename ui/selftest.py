"""`dv-forum-app --self-test`: the core self-test plus the desktop side, offscreen, then quit.

Besides dv_forum.selftest's checks it constructs a QApplication and the main window, renders the
icon through QtSvg and touches the other Qt modules the app uses (Charts, PrintSupport), which
proves a built bundle carries them. The shell calls ``handle(argv)`` first thing in ui.launch.main:

    code = selftest.handle(argv)
    if code is not None:
        return code
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

FLAG = "--self-test"


def handle(argv: Sequence[str]) -> int | None:
    """Run the self-test and return its exit code if ``argv`` asks for it, else None."""
    if FLAG not in argv:
        return None
    return run(as_json="--json" in argv)


def run(as_json: bool = False) -> int:
    # A self-test never shows a window: it must pass on a build machine without a display.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from dv_forum.hardening import harden_process
    from dv_forum.selftest import Check, run_selftest

    harden_process()
    report = run_selftest()
    for name, step in GUI_STEPS:
        started = time.perf_counter()
        try:
            detail, ok = step(), True
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            detail, ok = f"{type(exc).__name__}: {exc}", False
        report.checks.append(Check(name, ok, detail, round(time.perf_counter() - started, 3)))
    _print(json.dumps(report.as_dict(), indent=2) if as_json else report.as_text())
    app = _app()
    if app is not None:
        app.processEvents()
        app.quit()
    return 0 if report.ok else 1


def _print(text: str) -> None:
    # A windowed Windows executable has no stdout; the exit code still tells the result.
    if sys.stdout is not None:
        print(text, flush=True)


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def check_qt() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "dv-forum-app"])
    assert app is not None  # kept referenced while the platform is read
    return f"PySide6 {pyside_version}, Qt {qVersion()}, platform {QGuiApplication.platformName()}"


def check_icon() -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from dv_forum.paths import resources_dir

    path = resources_dir() / "icons" / "dv-forum.svg"
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        raise RuntimeError(f"QtSvg cannot read {path.name}")
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if image.pixelColor(32, 32).alpha() == 0:
        raise RuntimeError("the icon rendered empty")
    icon = QIcon(str(path))  # needs the SVG icon engine plugin
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise RuntimeError("no SVG icon engine (Qt plugin iconengines/svg missing)")
    return f"{path.name} rendered through QtSvg and the SVG icon engine"


def check_charts_and_printing() -> str:
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtPrintSupport import QPrinter

    bars = QBarSet("self-test")
    bars.append([1, 2, 3])
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    view = QChartView(chart)
    view.resize(200, 150)
    image = view.grab()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    view.deleteLater()
    return f"QtCharts drew a {image.width()}x{image.height()} chart; QtPrintSupport loaded"


def check_main_window() -> str:
    """Build the application shell (worker thread, main window) on a folder with no vault, then
    take it down again. Nothing is shown and no vault is created."""
    import tempfile
    from pathlib import Path

    from ui.app import Shell

    with tempfile.TemporaryDirectory(prefix="dv-forum-selftest-ui-") as tmp:
        folder = Path(tmp) / "vault"
        shell = Shell(folder)
        name = f"{type(shell).__name__} with {type(shell.window).__name__}"
        shell.shutdown()
        _app().processEvents()
        if folder.exists():
            raise RuntimeError("constructing the window created a vault folder")
    # Every screen must load (they are built only after an unlock, so import each here).
    from ui.main_window import SCREENS, screen_class

    for _label, _key, module, cls in SCREENS:
        screen_class(module, cls)
    return f"{name} constructed and shut down; {len(SCREENS)} screens load"


def check_preview_and_print() -> str:
    """Render a marked PDF the way the MARAC screen previews it (pypdfium2, a native library the
    bundle must carry) and print it to a PDF printer in a temporary folder."""
    import tempfile
    from pathlib import Path

    from PySide6.QtPrintSupport import QPrinter

    from dv_forum.selftest import marked_test_pdf
    from ui.screens.marac import pdf as preview

    pdf = marked_test_pdf()
    images = preview.render_pages(pdf, dpi=48.0)
    if not images or images[0].isNull():
        raise RuntimeError("pypdfium2 rendered no page")
    with tempfile.TemporaryDirectory(prefix="dv-forum-selftest-print-") as tmp:
        target = Path(tmp) / "printed.pdf"
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        pages = preview.print_pdf(pdf, printer)
        size = target.stat().st_size if target.exists() else 0
    if not size:
        raise RuntimeError("printing produced nothing")
    return f"previewed {len(images)} page(s) with pypdfium2, printed {pages} through QtPrintSupport"


GUI_STEPS: list[tuple[str, Callable[[], str]]] = [
    ("qt", check_qt),
    ("icon", check_icon),
    ("charts", check_charts_and_printing),
    ("preview", check_preview_and_print),
    ("window", check_main_window),
]


if __name__ == "__main__":
    sys.exit(run(as_json="--json" in sys.argv[1:]))
