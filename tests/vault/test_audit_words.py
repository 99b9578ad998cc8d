"""Every action the program writes to the audit log reads as words on the Audit screen."""

from __future__ import annotations

import re
from pathlib import Path

from dv_forum.vault import audit
from dv_forum.vault.audit_words import WORDS, action_words

ROOT = Path(__file__).resolve().parents[2]
_PATTERNS = (
    re.compile(r'\baudit\(\s*"([^"{]+)"'),  # vault.audit("case.view", ...)
    re.compile(r'_finish_open\([^)]*?"([a-z_.]+)"'),  # how a vault was opened
    re.compile(r'\block\(\s*"([^"]+)"'),  # why the app locked
    re.compile(r'\.close\(\s*"([^"]+)"'),
    re.compile(r'audit\.append\([^,]+,[^,]+,\s*"([^"]+)"'),
    re.compile(r'AUDIT_ACTION = "([^"]+)"'),
    re.compile(r'THROTTLE_NAME = "([^"]+)"'),
    re.compile(r'pending_audit\.note\([^,]+,\s*"([^"]+)"'),
)


def _codes_written() -> set[str]:
    codes: set[str] = set()
    for folder in ("dv_forum", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in _PATTERNS:
                codes.update(pattern.findall(text))
            # f"marac.pack.{purpose}" and f"marac.minutes.{purpose}": each purpose passed
            for family in re.findall(r'audit\(\s*f"([a-z_.]+)\.\{purpose\}"', text):
                codes.add(f"{family}.print")
    for path in (ROOT / "ui").rglob("*.py"):
        for purpose in re.findall(r'_render\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")):
            codes.add(f"marac.pack.{purpose}")
    return codes


def test_every_code_the_program_writes_has_words() -> None:
    codes = _codes_written()
    assert len(codes) > 100  # the scan found the calls
    missing = sorted(c for c in codes if c not in WORDS)
    assert missing == [], f"audit actions without words: {missing}"


def test_a_real_log_reads_as_words(vault) -> None:
    vault.audit("case.view", ref="X-1")
    rows = audit.rows(vault.conn, limit=50)
    assert rows and all(action_words(r.action) != r.action for r in rows), [r.action for r in rows]
    assert action_words("case.view") == "Opened a case"


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert action_words("future.thing") == "future.thing"
