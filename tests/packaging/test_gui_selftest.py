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
