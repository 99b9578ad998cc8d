"""One settings registry: every declaration in the code is in it, and docs/settings.md matches it."""

from __future__ import annotations

import ast
from pathlib import Path

import dv_forum
from dv_forum import settings_docs
from dv_forum.areas import Area
from dv_forum.settings import registry

SOURCE = Path(dv_forum.__file__).parent


def _declared_keys() -> set[str]:
    keys = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Setting"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_declared_setting_is_registered_with_an_area() -> None:
    found = registry()
    declared = _declared_keys()
    assert {"session.auto_lock_minutes", "retention.years", "repeat.window_months"} <= declared
    assert declared == set(found)
    assert all(isinstance(s.area, Area) for s in found.values())


def test_docs_settings_md_is_up_to_date() -> None:
    assert settings_docs.DOC.read_text("utf-8") == settings_docs.render(), (
        "docs/settings.md is out of date: run python -m dv_forum.settings_docs"
    )


def test_every_number_setting_has_a_ceiling_the_program_can_live_with():
    """An unbounded number (2**31 days ahead) was accepted and then broke the Outreach screen."""
    import pytest

    from dv_forum.errors import UserError
    from dv_forum.settings import Setting

    with pytest.raises(ValueError, match="maximum"):
        Setting("outreach.test_unbounded", int, 1, "A number without a ceiling")
    for key, setting in registry().items():
        if setting.type in (int, float):
            low, high = setting.bounds
            assert high <= 50_000_000, key
            with pytest.raises(UserError):
                setting.coerce(high + 1)
