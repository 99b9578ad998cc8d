"""A long session must not end in "Fatal Python error: bool_dealloc" (quick exit after a long day).

PySide6 6.12.0 dropped a reference to None, True or False on ordinary calls (setText, setToolTip,
emitting a signal), so after some thousands of them the interpreter aborted. pyproject.toml keeps that
release out; this test fails on any Qt binding that does the same.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROGRAM = """
import gc, sys
from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

class Emitter(QObject):
    changed = Signal(QDate)

app = QApplication([])
edit, emitter = QLineEdit(), Emitter()
gc.collect()
before = [sys.getrefcount(x) for x in (None, True, False)]
for i in range(30000):
    edit.setText("01/02/2026" if i % 2 else "")
    edit.setToolTip("a date" if i % 2 else "")
    edit.setProperty("invalid", bool(i % 2))
    emitter.changed.emit(QDate(2026, 1, 1 + i % 28))
gc.collect()
after = [sys.getrefcount(x) for x in (None, True, False)]
print(*[a - b for a, b in zip(after, before)])
"""


def test_thousands_of_ordinary_qt_calls_keep_none_true_and_false_alive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    drift = [abs(int(n)) for n in proc.stdout.split()]
    # A few references come and go with caches; the broken binding lost one every few calls.
    assert max(drift) < 50, proc.stdout
