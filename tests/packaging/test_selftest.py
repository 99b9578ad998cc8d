"""`dv-forum self-test` from source (the frozen bundle runs the same code; packaging/build checks it)."""

from __future__ import annotations

import configparser
import json
import sys
from pathlib import Path

import pytest

from dv_forum import paths, selftest

ROOT = Path(__file__).resolve().parent.parent.parent


def test_self_test_passes_and_leaves_nothing_behind(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(work))
    monkeypatch.setattr("tempfile.tempdir", None)
    code, out, err = cli("self-test", "--json")
    assert code == 0, out + err
    report = json.loads(out)
    assert report["ok"] is True and report["frozen"] is False
    names = [c["name"] for c in report["checks"]]
    assert names == ["resources", "sqlcipher", "dash", "vault", "referral", "pdf", "keyring"]
    assert all(c["ok"] for c in report["checks"]), report
    assert list(work.iterdir()) == []  # the temporary vault is gone
    assert not (tmp_path / "vault").exists()  # the configured vault was never created


def test_self_test_text_output(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("self-test")
    assert code == 0
    assert out.splitlines()[-1] == "All checks passed."
    assert "SQLCipher 4." in out and "OFFICIAL-SENSITIVE" in out


def test_a_failing_check_fails_the_self_test(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(state: object) -> str:
        raise RuntimeError("simulated")

    monkeypatch.setattr(selftest, "STEPS", [selftest.STEPS[0], ("keyring", broken)])
    code, out, _ = cli("self-test")
    assert code == 1
    assert "FAIL  keyring" in out and "simulated" in out and "FAILED" in out


def test_missing_resources_fail(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DV_FORUM_RESOURCES", str(tmp_path / "nowhere"))
    monkeypatch.setattr(selftest, "STEPS", selftest.STEPS[:2])
    code, out, _ = cli("self-test", "--json")
    assert code == 1
    checks = {c["name"]: c for c in json.loads(out)["checks"]}
    assert not checks["resources"]["ok"] and checks["sqlcipher"]["ok"]


def test_resources_are_found_inside_a_frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DV_FORUM_RESOURCES", raising=False)
    assert paths.resources_dir() == ROOT / "resources"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.resources_dir() == tmp_path / "resources"


def test_desktop_entry_and_icons() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "dv-forum.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("dv-forum-app")
    assert section["Icon"] == "dv-forum"
    for name in ("dv-forum.svg", "dv-forum.png", "dv-forum.ico", "dv-forum.icns"):
        assert (ROOT / "resources" / "icons" / name).stat().st_size > 0


def test_spec_is_valid_python() -> None:
    source = (ROOT / "packaging" / "dv-forum.spec").read_text("utf-8")
    compile(source, "dv-forum.spec", "exec")
    assert "keyrings.alt" in source  # excluded explicitly


def _block(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make ``import name`` fail as it would in a bundle that lacks the module."""
    package, _, attr = name.rpartition(".")
    monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delattr(sys.modules[package], attr, raising=False)


@pytest.mark.parametrize(
    ("blocked", "failing"),
    [
        ("dv_forum.reports.pack", {"pdf"}),
        ("dv_forum.reports.pdf_encrypt", {"pdf"}),
        ("dv_forum.cases.dash", {"resources", "dash", "referral", "pdf"}),
        ("dv_forum.cases.referrals", {"referral", "pdf"}),
        ("dv_forum.marac.agenda", {"pdf"}),
    ],
)
def test_a_missing_module_fails_the_self_test(cli, monkeypatch, blocked: str, failing: set[str]) -> None:  # type: ignore[no-untyped-def]
    import importlib

    importlib.import_module(blocked)  # loaded first, so blocking it is what a bundle without it sees
    _block(monkeypatch, blocked)
    code, out, _ = cli("self-test", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    failed = {c["name"] for c in report["checks"] if not c["ok"]}
    assert failed == failing, report
    assert any(blocked in c["detail"] for c in report["checks"] if not c["ok"])
