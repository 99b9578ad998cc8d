"""Take the README screenshots on a virtual screen:
xvfb-run -s "-screen 0 1400x900x24" python tools/screenshots.py docs/screenshots"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard  # noqa: E402

from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo  # noqa: E402
from dv_forum.vault import KdfParams  # noqa: E402
from ui import app as app_module  # noqa: E402
from ui.style import STYLESHEET  # noqa: E402


def pump(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(cond, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError
        pump(100)


def shoot(path: Path) -> None:
    pump(600)
    QApplication.primaryScreen().grabWindow(0).save(str(path))
    print("saved", path)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
    tmp = Path(tempfile.mkdtemp(prefix="dvf-shots-"))
    try:
        # First run.
        first = app_module.Shell(tmp / "new-vault", kdf=KdfParams(), exit_app=lambda: None)
        first.start()
        wizard = first.wizard
        wizard.resize(760, 560)
        wizard.move(320, 150)
        wizard.button(QWizard.WizardButton.NextButton).click()
        page = wizard.coordinator
        page.name.setText("Sam")
        page.passphrase.setText("password1")
        shoot(out / "first-run.png")
        page.passphrase.setText("kettle orchard lantern ribbon")
        page.again.setText("kettle orchard lantern ribbon")
        wizard.button(QWizard.WizardButton.CommitButton).click()
        wait(lambda: wizard.recovery.created)
        # The recovery key shown here is from a throwaway vault, deleted below.
        shoot(out / "first-run-recovery-key.png")
        first.shutdown()
        pump()
        # Demo vault: unlock, Home, locked.
        vault = create_demo(tmp / "demo")
        vault.close()
        shell = app_module.Shell(tmp / "demo", demo_passphrase=DEMO_PASSPHRASE, demo_user=DEMO_USER,
                                 exit_app=lambda: None)
        shell.start()
        shell.window.resize(1200, 760)
        shell.window.move(100, 60)
        shoot(out / "unlock.png")
        shell.window.unlock.passphrase.setText(DEMO_PASSPHRASE)
        shell.window.unlock.unlock_button.click()
        wait(lambda: shell.is_unlocked and not shell.worker.busy)
        shoot(out / "home.png")
        shell.window.show_screen("audit")
        wait(lambda: not shell.worker.busy)
        shoot(out / "audit.png")
        shell.window.show_screen("settings")
        wait(lambda: not shell.worker.busy)
        shoot(out / "settings.png")
        shell.lock()
        wait(lambda: not shell.worker.busy)
        shell.window.unlock.user.setText(DEMO_USER)
        shell.window.unlock.passphrase.setText("not the passphrase")
        shell.window.unlock.unlock_button.click()
        wait(lambda: not shell.worker.busy and shell.window.unlock.message.text())
        shoot(out / "locked-wrong-passphrase.png")
        shell.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
