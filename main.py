"""Start the dv-forum desktop app: `python main.py [--vault FOLDER] [--demo]`."""

import sys

if __name__ == "__main__":
    from ui.app import main

    sys.exit(main(sys.argv[1:]))
