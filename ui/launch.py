"""Starting the desktop program: its options, the vault folder to open (or a throwaway demo), the
application object and the hook that turns an escaped exception into the incident dialog."""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from dv_forum import paths
from ui.app import Shell
from ui.qt_settings import keep_none
from ui.style import apply_look

log = logging.getLogger("dv_forum.app")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dv-forum-app", description="dv-forum desktop program")
    parser.add_argument(
        "--vault", type=Path, help="vault folder (default: DV_FORUM_VAULT or the user data folder)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway vault of synthetic data in a temporary folder",
    )
    parser.add_argument("--debug", action="store_true", help="log at debug level (logs never hold case data)")
    parser.add_argument(
        "--high-contrast",
        action="store_true",
        help="white on black with yellow focus (also DV_FORUM_HIGH_CONTRAST=1, or the system's setting)",
    )
    return parser.parse_args(argv)


def vault_folder(args: argparse.Namespace) -> tuple[Path, str]:
    """The vault folder to open and where it came from (see Shell's ``folder_origin``)."""
    if args.vault:
        return args.vault.expanduser(), "option"
    return paths.default_vault_dir(), "env" if os.environ.get("DV_FORUM_VAULT") else "default"


def _make_demo() -> tuple[Path, Path]:
    from dv_forum.demo import create_demo

    tmp = Path(tempfile.mkdtemp(prefix="dv-forum-demo-"))
    atexit.register(shutil.rmtree, tmp, True)
    vault = create_demo(tmp / "vault")
    vault.close("demo.ready")
    return tmp, tmp / "vault"


def install_excepthook() -> None:
    """An exception escaping a Qt slot becomes the incident dialog (no message text, which may
    hold case data, reaches stderr or the screen)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        from ui import dialogs

        log.error("internal error %s", type(exc).__name__)
        dialogs.show_exception(QApplication.activeWindow(), exc)

    sys.excepthook = hook


def main(args: argparse.Namespace | list[str] | None = None, app: QApplication | None = None) -> int:
    from dv_forum.hardening import harden_process

    harden_process()
    if not isinstance(args, argparse.Namespace):
        argv = sys.argv[1:] if args is None else list(args)
        from ui.selftest import handle

        code = handle(argv)
        if code is not None:
            return code
        args = parse_args(argv)
    from dv_forum.logs import configure_logging

    configure_logging(debug=args.debug)
    log.info("desktop program started%s", " (demo)" if args.demo else "")
    app = app or QApplication.instance() or QApplication(sys.argv[:1])  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    app.setApplicationName("dv-forum")
    app.setApplicationDisplayName("dv-forum")
    apply_look(app, high_contrast=args.high_contrast)
    app.setQuitOnLastWindowClosed(False)
    keep_none()  # Qt's file-dialog history of folders is written nowhere (S26)
    install_excepthook()
    demo_dir: Path | None = None
    if args.demo:
        from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER

        demo_dir, folder = _make_demo()
        shell = Shell(folder, demo_passphrase=DEMO_PASSPHRASE, demo_user=DEMO_USER, folder_origin="demo")
    else:
        folder, origin = vault_folder(args)
        shell = Shell(folder, folder_origin=origin)
    shell.window.closing.connect(shell.quit)
    shell.start()
    code = app.exec()
    shell.save_geometry()
    shell.shutdown()
    if demo_dir is not None:
        shutil.rmtree(demo_dir, ignore_errors=True)
    return code
