"""docs/settings.md, written from the settings registry (``python -m dv_forum.settings_docs``
rewrites it; a test fails when the file and the registry disagree)."""

from __future__ import annotations

import sys
from pathlib import Path

from dv_forum.settings import registry

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"

INTRO = """\
# Settings

This file is generated from the settings registry (`dv_forum/settings.py` and each area's
`dv_forum/<area>/settings.py`); do not edit it by hand. After adding or changing a setting, run
`python -m dv_forum.settings_docs` and commit the result.

Settings are kept inside the encrypted vault and apply to everyone who uses it. Change them in
the desktop program (Settings > Vault settings) or on the command line:

    dv-forum settings list
    dv-forum settings get repeat.window_months
    dv-forum settings set repeat.window_months 6

Both check a value the same way, and both record the change (the setting's name, not its value)
in the audit log.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        INTRO,
        "| Setting | Default | Allowed | What it does | Who may change it | Changes |",
        "|---|---|---|---|---|---|",
    ]
    for key, s in registry().items():
        default = "(empty)" if s.default == "" else repr(s.default)
        cells = [f"`{key}`", f"`{default}`", s.allowed, s.description, s.perm.value, str(s.area)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
