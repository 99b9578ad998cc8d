"""Application-wide watchers: inactivity auto-lock and the three-Shift quick exit.

Both live in one event filter installed on the QApplication, so every window's input counts.
The clock is injectable so tests can move time without sleeping.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class ActivityFilter(QObject):
    """Emits ``idle`` once the user has done nothing for ``timeout_s`` seconds while armed, and
    ``quick_exit`` on three Shift presses within ``shift_window_s``."""

    idle = Signal()
    quick_exit = Signal()
    # Seconds left before the idle lock, in its last minute (0: the warning is over).
    countdown = Signal(int)
    WARN_S = 60

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        check_interval_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.timeout_s: float = 5 * 60
        self.shift_window_s = 1.0
        self.armed = False
        self.last_activity = clock()
        self._shifts: list[float] = []
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def arm(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.last_activity = self.clock()
        self.armed = timeout_s > 0

    def disarm(self) -> None:
        self.armed = False

    def stop(self) -> None:
        """No more checks: the shell is going away (a late warning would reach a deleted window)."""
        self.armed = False
        self._timer.stop()

    def touch(self) -> None:
        self.last_activity = self.clock()

    _warned = False

    def check(self) -> None:
        left = self.timeout_s - (self.clock() - self.last_activity)
        if self.armed and left <= 0:
            self.armed = False
            self._end_warning()
            self.idle.emit()
        elif self.armed and left <= self.WARN_S:
            self._warned = True
            self.countdown.emit(max(1, int(left + 0.999)))
        else:
            self._end_warning()

    def _end_warning(self) -> None:
        if self._warned:
            self._warned = False
            self.countdown.emit(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype in _ACTIVITY:
            self.last_activity = self.clock()
            if etype == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                self._key_press(event)
        elif etype == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Shift and not event.isAutoRepeat():
                self._shift_down = False
        return False

    _shift_down = False

    def _key_press(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Shift:
            # Shift used to type capitals is not a quick-exit gesture: any other key resets it.
            self._shifts.clear()
            return
        if event.isAutoRepeat():
            return
        now = self.clock()
        # One physical press reaches several objects (window, focus widget, parents): count it
        # once, until its release (or, if a release was lost, after the gesture window).
        if self._shift_down and self._shifts and now - self._shifts[-1] <= self.shift_window_s:
            return
        self._shift_down = True
        self._shifts = [t for t in self._shifts if now - t <= self.shift_window_s] + [now]
        if len(self._shifts) >= 3:
            self._shifts.clear()
            self.quick_exit.emit()


def exclude_from_capture(widget: QWidget) -> tuple[bool, str]:
    """Ask the OS to leave this window out of screenshots and screen sharing, where it can.

    Returns (done, explanation) for the Settings screen.
    """
    if sys.platform != "win32":
        return False, (
            "Hiding the window from screen capture is not available on this platform: "
            "screenshots and screen sharing can show it."
        )
    try:
        import ctypes

        wda_exclude_from_capture = 0x11
        hwnd = int(widget.winId())
        ok = bool(ctypes.windll.user32.SetWindowDisplayAffinity(hwnd, wda_exclude_from_capture))  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        ok = False
    if ok:
        return (
            True,
            "This window is excluded from screenshots and screen sharing (Windows display affinity).",
        )
    return (
        False,
        "Windows refused to exclude this window from screen capture (needs Windows 10 2004 or later).",
    )
