"""dv_forum must stay usable without Qt: import every module with PySide6 blocked."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import importlib, pkgutil, sys
sys.modules["PySide6"] = None
sys.modules["shiboken6"] = None
sys.modules["ui"] = None
import dv_forum
names = [m.name for m in pkgutil.walk_packages(dv_forum.__path__, "dv_forum.")]
names = [n for n in names if not n.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert not any(k.startswith("PySide6.") for k in sys.modules), "Qt leaked in"
print(len(names))
"""


def test_core_imports_without_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 20


def test_core_sources_never_mention_qt_or_ui() -> None:
    offenders = []
    for path in (ROOT / "dv_forum").rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1] == mod or stripped.split()[1].startswith(mod + ".")
                for mod in ("PySide6", "shiboken6", "ui")
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []
