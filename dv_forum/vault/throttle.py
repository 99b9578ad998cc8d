"""Online-guessing throttle: failures are counted in a file beside the header so restarts keep them.

Rule: the first three failures cost nothing; from the 4th the wait doubles (2 s, 4 s, 8 s ... up to
5 minutes), and no more than 10 failures are accepted in any 5-minute window.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from dv_forum.fsio import atomic_write

THROTTLE_NAME = "unlock.throttle"
FREE_FAILURES = 3
WINDOW_S = 300.0
MAX_IN_WINDOW = 10
MAX_DELAY_S = 300.0

Clock = Callable[[], float]


class Throttle:
    def __init__(self, folder: Path, clock: Clock = time.time) -> None:
        self.path = folder / THROTTLE_NAME
        self.clock = clock
        self.failures: list[float] = []
        self.unaudited = 0
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text())
            self.failures = [float(x) for x in data.get("failures", [])]
            self.unaudited = int(data.get("unaudited", 0))
        except (OSError, ValueError, TypeError):
            # A missing or damaged counter file counts as no failures; it holds nothing else.
            self.failures, self.unaudited = [], 0

    def _save(self) -> None:
        body = {"failures": self.failures[-50:], "unaudited": self.unaudited}
        atomic_write(self.path, json.dumps(body).encode())

    def wait_seconds(self) -> int:
        """Seconds the caller must still wait before the next attempt (0 = may try now)."""
        now = self.clock()
        waits = [0.0]
        n = len(self.failures)
        if n >= FREE_FAILURES:
            delay = min(MAX_DELAY_S, 2.0 ** (n - FREE_FAILURES + 1))
            waits.append(self.failures[-1] + delay - now)
        recent = [t for t in self.failures if now - t < WINDOW_S]
        if len(recent) >= MAX_IN_WINDOW:
            waits.append(recent[-MAX_IN_WINDOW] + WINDOW_S - now)
        remaining = max(waits)
        return int(remaining) + (1 if remaining > int(remaining) else 0)

    def record_failure(self) -> None:
        self.failures.append(self.clock())
        self.unaudited += 1
        self._save()

    def record_success(self) -> int:
        """Reset the counter; return how many failures happened since the last audit."""
        missed = self.unaudited
        if self.failures or self.unaudited:
            self.failures, self.unaudited = [], 0
            self._save()
        return missed
