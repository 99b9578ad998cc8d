"""Process hardening applied at start-up by the CLI and the desktop app."""

from __future__ import annotations

import contextlib
import os
import sys


def harden_process() -> None:
    # Files we create (journals, exports) are private even where we forget an explicit mode.
    os.umask(0o077)
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        import resource

        # A core dump would hold the data key and decrypted pages.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_dumpable = 4
            libc.prctl(pr_set_dumpable, 0, 0, 0, 0)


def is_dumpable() -> bool:
    """Linux only: whether the process may still dump core (used by tests)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_get_dumpable = 3
    return bool(libc.prctl(pr_get_dumpable, 0, 0, 0, 0))
