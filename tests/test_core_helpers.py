"""Settings, pick lists, dates, passphrase policy, atomic writes and error translation."""

from __future__ import annotations

import errno
import os
from datetime import date
from pathlib import Path

import pytest

from dv_forum import fsio
from dv_forum.cases.settings import REPEAT_MONTHS as WINDOW  # noqa: E402
from dv_forum.dates import parse_date
from dv_forum.errors import DiskFull, InputError, UserError
from dv_forum.lists import get_list, set_list
from dv_forum.settings import all_settings, get_setting, set_setting
from dv_forum.stats.settings import BASIS  # noqa: E402
from dv_forum.stats.settings import SUPPRESS_SMALL as FLAG  # noqa: E402
from dv_forum.vault import Vault, policy


def test_settings_have_defaults_and_are_validated(vault: Vault) -> None:
    assert get_setting(vault.conn, WINDOW) == 12
    assert set_setting(vault.conn, WINDOW, "6") == 6
    assert get_setting(vault.conn, WINDOW) == 6
    assert set_setting(vault.conn, FLAG, "off") is False
    with pytest.raises(UserError, match="must be a whole number from 1 to 120"):
        set_setting(vault.conn, WINDOW, "twelve")
    with pytest.raises(UserError, match="must be a whole number from 1 to 120"):
        set_setting(vault.conn, WINDOW, "0")
    with pytest.raises(UserError, match="one of heard, referred"):
        set_setting(vault.conn, BASIS, "sometimes")
    with pytest.raises(UserError):
        set_setting(vault.conn, FLAG, "maybe")
    assert all_settings(vault.conn)["repeat.window_months"] == 6


def test_pick_lists_start_from_defaults_and_can_be_edited(vault: Vault) -> None:
    assert "Measham" in get_list(vault.conn, "locality")
    set_list(vault.conn, "locality", ["Coalville", " Moira ", ""])
    assert get_list(vault.conn, "locality") == ["Coalville", "Moira"]
    set_list(vault.conn, "locality", [])
    assert get_list(vault.conn, "locality") == []
    assert get_list(vault.conn, "no-such-kind") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-03-31", date(2025, 3, 31)), ("31/03/2025", date(2025, 3, 31)), (" 1/4/2025 ", date(2025, 4, 1))],
)
def test_dates_iso_and_uk(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "31/13/2025", "03/31/2025x", "", "yesterday"])
def test_bad_dates_say_why(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_passphrase_policy() -> None:
    assert policy.problems("correct horse battery staple") == []
    assert any("10 characters" in p for p in policy.problems("short"))
    assert any("commonly used" in p for p in policy.problems("password123"))
    assert any("repeats" in p for p in policy.problems("aaaaaaaaaaaa"))
    assert policy.strength("correct horse battery staple").score >= 3
    assert policy.strength("password12").score <= 1
    assert "common" in policy.strength("password12").hint


def test_atomic_write_is_private_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    fsio.atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert (target.stat().st_mode & 0o777) == 0o600
    with pytest.raises(RuntimeError), fsio.atomic_writer(target) as fh:
        fh.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_atomic_write_on_a_full_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"committed")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull) as err:
        fsio.atomic_write(target, b"x" * 1000)
    assert "disk is full" in err.value.message
    assert target.read_bytes() == b"committed"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_atomic_write_into_a_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        fsio.atomic_write(tmp_path / "nope" / "x", b"1")


def test_input_error_lists_problems() -> None:
    err = InputError([f"row {i}, column x: bad" for i in range(1, 8)], "The file")
    assert "row 1, column x: bad" in err.message and "and 2 more" in err.message
    assert err.problems[-1] == "row 7, column x: bad"
