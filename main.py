"""Start the dv-forum desktop program: python main.py [--vault FOLDER] [--demo] [--self-test]."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from ui.launch import main

    sys.exit(main(sys.argv[1:]))
