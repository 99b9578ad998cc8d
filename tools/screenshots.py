"""Take the README screenshots on a virtual screen:
xvfb-run -s "-screen 0 1400x900x24" python tools/screenshots.py docs/screenshots"""

from __future__ import annotations

from capture import (
    demo_shell,
    output_folder,
    pump,
    scratch_folder,
    shoot_screen,
    styled_app,
    unlock_demo,
    wait,
)
from PySide6.QtWidgets import QWizard

from dv_forum.demo import DEMO_USER
from dv_forum.vault import KdfParams
from ui import app as app_module


def main() -> None:
    out = output_folder()
    _app = styled_app()  # referenced until the end: the application must outlive every window
    with scratch_folder("dvf-shots-") as tmp:
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
        shoot_screen(out / "first-run.png")
        page.passphrase.setText("kettle orchard lantern ribbon")
        page.again.setText("kettle orchard lantern ribbon")
        wizard.button(QWizard.WizardButton.CommitButton).click()
        wait(lambda: wizard.recovery.created)
        # The recovery key shown here is from a throwaway vault, deleted below.
        shoot_screen(out / "first-run-recovery-key.png")
        first.shutdown()
        pump()
        # Demo vault: unlock, Home, locked.
        shell = demo_shell(tmp / "demo")
        shell.window.resize(1200, 760)
        shell.window.move(100, 60)
        shoot_screen(out / "unlock.png")
        unlock_demo(shell)
        shoot_screen(out / "home.png")
        shell.window.show_screen("audit")
        wait(lambda: not shell.worker.busy)
        shoot_screen(out / "audit.png")
        shell.window.show_screen("settings")
        wait(lambda: not shell.worker.busy)
        shoot_screen(out / "settings.png")
        shell.lock()
        wait(lambda: not shell.worker.busy)
        shell.window.unlock.user.setText(DEMO_USER)
        shell.window.unlock.passphrase.setText("not the passphrase")
        shell.window.unlock.unlock_button.click()
        wait(lambda: not shell.worker.busy and shell.window.unlock.message.text())
        shoot_screen(out / "locked-wrong-passphrase.png")
        shell.shutdown()


if __name__ == "__main__":
    main()
