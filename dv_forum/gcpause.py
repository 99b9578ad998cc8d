"""Pause Python's cyclic garbage collector while bulk work builds millions of objects.

Each automatic full collection walks every tracked object, and an import or a recompute of 100,000
referrals creates hundreds of thousands of rows, tuples and dicts, none of them cyclic garbage:
the collector cost about 0.9 s of a 5 s import (bench/results.md). Reference counting still frees
everything as usual; only cycle detection waits until the work is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Disable the collector for the block. Nested or concurrent blocks (an import on the worker
    thread while another runs) keep it off until the last one ends; it is restored only if it was
    on when the first began."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
