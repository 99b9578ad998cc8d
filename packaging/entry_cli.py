"""The frozen command line's entry (PyInstaller runs this as `dv-forum`)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from dv_forum.cli import main

    sys.exit(main(sys.argv[1:]))
