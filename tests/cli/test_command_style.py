"""Every command is written one way (dv_forum.cli.commands), and each ends as a Unix tool does: a
reader that stops after one line ends the command quietly, a refused import lists its problems."""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dv_forum.cli import build_parser, commands
from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER


def _leaves(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield path, parser
    for group in groups:
        for name, child in group.choices.items():
            yield from _leaves(child, f"{path} {name}".strip())


def test_every_command_runs_through_the_one_printer() -> None:
    leaves = dict(_leaves(build_parser()))
    assert {"verify", "cases list", "import referrals", "outreach due", "exchange send", "stats idva"} <= set(
        leaves
    )
    for name, parser in leaves.items():
        handler = parser.get_default("handler")
        assert isinstance(handler, functools.partial) and handler.func is commands._handle, name


def test_commands_are_added_only_by_commands_py() -> None:
    cli = Path(commands.__file__).parent
    others = [p.name for p in cli.glob("*.py") if p.name != "commands.py" and "add_parser(" in p.read_text()]
    assert others == []


@pytest.fixture
def demo_env(cli, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "demo"
    code, _, err = cli("--vault", str(folder), "demo")
    assert code == 0, err
    return dict(
        os.environ, DV_FORUM_VAULT=str(folder), DV_FORUM_USER=DEMO_USER, DV_FORUM_PASSPHRASE=DEMO_PASSPHRASE
    )


@pytest.mark.parametrize(
    "argv", [("cases", "list", "--json"), ("stats", "return", "--quarter", "2025Q3", "--json")]
)
def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(
    demo_env: dict[str, str], argv: tuple[str, ...]
) -> None:
    # As `dv-forum cases list --json | head -1`: the reader takes one line and goes away.
    proc = subprocess.Popen(
        [sys.executable, "-m", "dv_forum", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=demo_env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == b"{"
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() in (0, 141)
    assert err == ""  # no "unexpected internal error", no "Exception ignored"


def test_the_whole_list_still_reaches_a_reader_that_reads_it_all(demo_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dv_forum", "cases", "list", "--json"],
        capture_output=True,
        env=demo_env,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["cases"]


@pytest.mark.parametrize("as_json", [False, True])
def test_a_refused_import_lists_each_problem_then_says_nothing_was_imported(
    cli, tmp_path: Path, as_json: bool
) -> None:  # type: ignore[no-untyped-def]
    assert cli("init")[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "referral_date,victim_surname,victim_forename,victim_dob\n2025-13-01,A,B,1990-01-01\n2025-01-01,C,D,x\n"
    )
    code, out, err = cli("import", "referrals", str(bad), *(["--json"] if as_json else []))
    *_progress, first, second, last = err.splitlines()
    assert code == 1 and out == ""
    assert first.startswith("row 2, column referral_date:") and second.startswith("row 3, column victim_dob:")
    assert last == (
        "dv-forum: the file was refused (2 problem(s)); nothing was imported. Correct it as each line says, "
        "or use --skip-invalid to import the good rows."
    )
    assert json.loads(cli("cases", "list", "--json")[1])["cases"] == []
