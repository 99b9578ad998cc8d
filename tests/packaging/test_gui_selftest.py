"""`dv-forum-app --self-test` from source, offscreen."""

from __future__ import annotations

import json

import pytest

from ui import selftest


@pytest.mark.gui
def test_gui_self_test_passes(qapp, capsys) -> None:  # type: ignore[no-untyped-def]
    assert selftest.handle(["--vault", "x"]) is None
    code = selftest.handle(["--self-test", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0, report
    names = [c["name"] for c in report["checks"]]
    assert names[-5:] == ["qt", "icon", "charts", "preview", "window"]


@pytest.mark.gui
@pytest.mark.parametrize(
    ("blocked", "failing"),
    [("ui.screens.marac.pdf", "preview"), ("ui.app", "window"), ("ui.screens.audit", "window")],
)
def test_a_missing_desktop_module_fails_the_self_test(qapp, capsys, monkeypatch, blocked, failing) -> None:  # type: ignore[no-untyped-def]
    import importlib
    import sys

    from dv_forum import selftest as core

    importlib.import_module(blocked)
    package, _, attr = blocked.rpartition(".")
    monkeypatch.setitem(sys.modules, blocked, None)
    monkeypatch.delattr(sys.modules[package], attr)
    monkeypatch.setattr(core, "STEPS", core.STEPS[:1])  # the desktop checks are the point here
    code = selftest.handle(["--self-test", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False
    assert [c["name"] for c in report["checks"] if not c["ok"]] == [failing]
