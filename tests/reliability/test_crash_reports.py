"""Crash reporting: an unexpected error shows a plain message with an incident id and writes a report
holding no case data (CLI side: tests/cli/test_vault_cli.py; here the report itself and the GUI's
error path, which the desktop shell uses for failed operations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.crash import write_report

MARKER = "QXCRASHMARKER"


def _explode(note: str) -> None:
    secret_local = f"{note} lives at 1 Secret Road"  # noqa: F841 - a local a careless report would dump
    raise KeyError(f"{note} not found")


def test_crash_report_holds_locations_not_messages_or_values(tmp_path: Path) -> None:
    try:
        _explode(MARKER)
    except KeyError as exc:
        incident, path = write_report(exc, tmp_path)
    assert path is not None and incident in path.name
    text = path.read_text()
    assert MARKER not in text and "Secret Road" not in text
    assert "KeyError" in text and "_explode" in text
    assert path.stat().st_mode & 0o077 == 0


def test_gui_bug_dialog_shows_incident_and_no_case_data(
    monkeypatch: pytest.MonkeyPatch, sandbox: Path
) -> None:
    pytest.importorskip("PySide6")
    from ui import dialogs

    shown: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        dialogs, "error", lambda parent, title, text, detail="": shown.append((title, text, detail))
    )
    try:
        _explode(MARKER)
    except KeyError as exc:
        dialogs.show_exception(None, exc)
    assert len(shown) == 1
    title, text, detail = shown[0]
    assert "incident" in text and MARKER not in text + detail + title
    incident = text.split("incident ")[1].split(")")[0]
    reports = list((sandbox / "logs").glob(f"crash-{incident}.txt"))
    assert reports and MARKER not in reports[0].read_text()
