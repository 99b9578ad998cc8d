"""Program logging. Log lines carry event names, counts and timings, never case data or secrets;
the file lives in the user log folder with owner-only permissions."""

from __future__ import annotations

import logging
import logging.handlers
import os

from dv_forum import paths
from dv_forum.fsio import secure_mkdir

_configured = False


def configure_logging(debug: bool = False) -> None:
    global _configured
    root = logging.getLogger("dv_forum")
    root.setLevel(logging.DEBUG if debug or os.environ.get("DV_FORUM_DEBUG") else logging.INFO)
    if _configured:
        return
    try:
        folder = secure_mkdir(paths.log_dir())
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "dv-forum.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        os.chmod(folder / "dv-forum.log", 0o600)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.propagate = False
    _configured = True
