"""The frozen desktop app's entry (PyInstaller runs this as `dv-forum-app`).

`--self-test` is dispatched here, before ui.app is imported, so the smoke test works whatever the
shell does with its arguments; everything else goes to ui.launch.main().
"""

import multiprocessing
import sys


def main() -> int:
    argv = sys.argv[1:]
    from ui import selftest

    code = selftest.handle(argv)
    if code is not None:
        return code
    from ui.launch import main as app_main

    # ui.launch.main parses sys.argv itself when given no arguments.
    return int(app_main() or 0)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
