"""The repository is the product: no file names a folder of the machine it was written on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home/[a-z][\w-]*|Users/[A-Za-z][\w-]*)/")
TEXT = {".py", ".md", ".toml", ".cfg", ".txt", ".spec", ".sh", ".yaml", ".yml", ".json", ".desktop", ""}


def _tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in out.splitlines() if (ROOT / name).suffix in TEXT]


def test_no_file_names_a_machine_path() -> None:
    found = []
    for path in _tracked():
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if MACHINE_PATH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
