"""What the screenshot tools share: the checkout on the import path, the app's look, event
pumping, the demo vault open in a Shell, and saving captures. Import it before dv_forum or ui."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The tools run as scripts (python tools/NAME.py), so only tools/ is on the path: put the checkout
# first, ahead of any installed copy, so the pictures are of this code.
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo  # noqa: E402
from ui import app as app_module  # noqa: E402
from ui.style import apply_look  # noqa: E402


def output_folder() -> Path:
    """The folder named on the command line, else the checkout's docs/screenshots; made if missing."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    return out


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def styled_app() -> QApplication:
    """The application styled as ui.app styles it, so the pictures look like the real thing."""
    app = QApplication(sys.argv[:1])
    apply_look(app)  # DV_FORUM_HIGH_CONTRAST=1 gives the high-contrast look
    return app


def pump(ms: int = 300) -> None:
    """Run the event loop for ms: the worker's results, timers and repaints only arrive through it."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(cond: Callable[[], Any], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError
        pump(100)


def demo_shell(folder: Path) -> Any:
    """A started Shell on a new demo vault in folder, showing its unlock screen."""
    create_demo(folder).close()
    shell = app_module.Shell(
        folder, demo_passphrase=DEMO_PASSPHRASE, demo_user=DEMO_USER, exit_app=lambda: None
    )
    shell.start()
    return shell


def unlock_demo(shell: Any) -> None:
    shell.window.unlock.passphrase.setText(DEMO_PASSPHRASE)
    shell.window.unlock.unlock_button.click()
    wait(lambda: shell.is_unlocked and not shell.worker.busy)


def save(image: QPixmap, path: Path) -> None:
    image.save(str(path))
    print("saved", path)


def shoot_window(shell: Any, path: Path) -> None:
    """The shell's main window alone, once its background work is done and painted."""
    wait(lambda: not shell.worker.busy)
    pump(500)
    save(shell.window.grab(), path)


def shoot_screen(path: Path) -> None:
    """The whole (virtual) screen: takes in windows of their own, such as the first-run wizard."""
    pump(600)
    save(QApplication.primaryScreen().grabWindow(0), path)
