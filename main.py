"""Start the dv-forum desktop program: python main.py [--vault FOLDER] [--demo]."""

from __future__ import annotations

import sys


def run() -> int:
    from ui.app import main, parse_args

    args = parse_args(sys.argv[1:])
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    return main(args, app)


if __name__ == "__main__":
    sys.exit(run())
