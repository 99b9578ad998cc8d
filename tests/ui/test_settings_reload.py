"""Changing any setting reloads every screen that shows something it decides (issue: after the
repeat window became 6 months, Statistics still said "within 12 months")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from dv_forum.settings import registry
from dv_forum.vault import Vault
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    vault.close()
    return tmp_path / "vault"


# Text settings with a shape of their own: a valid value to change them to.
TEXT_VALUES = {"idva.hours": "IDVA 1=30", "cases.ref_prefix": "LEI"}


def _change(editor: Any, key: str) -> None:
    """Give the editor another valid value."""
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex((editor.currentIndex() + 1) % editor.count())
    elif isinstance(editor, QCheckBox):
        editor.setChecked(not editor.isChecked())
    elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        up = editor.value() + 1
        editor.setValue(up if up <= editor.maximum() else editor.value() - 1)
    else:
        assert isinstance(editor, QLineEdit), key
        editor.setText(TEXT_VALUES.get(key, editor.text() + "X"))


def _count_reloads(shell: Any) -> dict[str, int]:
    every = shell.window.build_all()
    counts = {screen.nav_key: 0 for screen in every}
    for screen in every:

        def counted(screen: Any = screen, real: Any = screen.reload) -> None:
            counts[screen.nav_key] += 1
            real()

        screen.reload = counted
    return counts


def test_every_setting_reloads_every_screen(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    settings = shell.window.screen_for("settings")
    assert set(settings.vault_settings.editors) == set(registry())  # retention.years and auto-lock included
    counts = _count_reloads(shell)
    for key in registry():
        for nav in counts:
            counts[nav] = 0
        _change(settings.vault_settings.editors[key], key)
        scripted_dialogs.script(None)  # "The settings were saved."
        settings.vault_settings.save_button.click()
        wait_idle(qtbot, shell)
        assert scripted_dialogs.history[-1][2] == "The settings were saved."
        stale = [nav for nav, n in counts.items() if n == 0]
        assert stale == [], f"after changing {key} these screens did not reload: {stale}"


def test_statistics_names_the_new_repeat_window(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.navigate("stats")
    wait_idle(qtbot, shell)
    stats = shell.window.screen_for("stats")
    assert "within 12 months" in stats.rules_label.text()
    settings = shell.window.screen_for("settings")
    wait_idle(qtbot, shell)  # built on first use: its values load first
    settings.vault_settings.editors["repeat.window_months"].setValue(6)
    scripted_dialogs.script(None)
    settings.vault_settings.save_button.click()
    wait_idle(qtbot, shell)
    assert "within 6 months" in stats.rules_label.text()


def test_the_screen_allows_the_range_the_cli_allows(qtbot, make_shell, folder, scripted_dialogs):  # type: ignore[no-untyped-def]
    shell = make_shell(folder)
    unlock(qtbot, shell)
    settings = shell.window.screen_for("settings")
    spin = settings.vault_settings.editors["repeat.window_months"]
    assert (spin.minimum(), spin.maximum()) == (1, 120)  # the registry's range, as the CLI checks
