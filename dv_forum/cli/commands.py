"""The one way a command is written. A handler receives the open vault (or, for the few commands
that open none or prompt for more than the passphrase, the CLI context) and the parsed options, and
returns what to print: a text, or ``(data, text)``, printed as JSON with ``--json`` and as the text
otherwise, or a Verdict when the outcome is also a pass or fail. Handlers never print their result
and never return exit codes; failures are raised (UserError, Refused) and reported by
dv_forum.cli.main.

Each ``*_cmds.py`` module has ``register(top)``, ``top`` being the Commands of the top level:

    def register(top: Commands) -> None:
        stats = top.group("stats", "statistics")
        p = stats("return", "the SafeLives quarterly return", run_return, json=True)
        p.add_argument("--quarter", required=True)
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dv_forum.cli.context import Context
from dv_forum.errors import UserError

Args = argparse.Namespace
# What a command does: (vault or context, options) -> a text, or (data, text), or None.
Run = Callable[[Any, Args], Any]
# A check of the options alone, before the vault is opened: a usage problem to report (exit 2), or
# None; it may raise a UserError instead (exit 1).
Check = Callable[[Args], "str | None"] | None


@dataclass(frozen=True)
class Verdict:
    """A result that is also a pass or fail (self-test, verify): printed like (data, text), and the
    command exits with ``code``."""

    data: Any
    text: str
    code: int


class Refused(UserError):
    """An input refused whole, with every problem in it: the problems go to stderr one a line,
    then the message, and the command exits 1 (the import's report)."""

    def __init__(self, problems: list[str], message: str, next_step: str = "") -> None:
        super().__init__(message, next_step)
        self.problems = problems


def emit(ctx: Context, output: Any) -> int:
    """The one printer: a text as it is; (data, text) as JSON with --json, else the text.
    Returns the exit code."""
    if output is None:
        return 0
    if isinstance(output, str):
        print(output)
    elif isinstance(output, Verdict):
        ctx.emit(output.data, output.text)
        return output.code
    else:
        ctx.emit(*output)
    return 0


def _handle(
    run: Run, parser: argparse.ArgumentParser, check: Check, vault: bool, args: Args, ctx: Context
) -> int:
    problem = check(args) if check else None
    if problem:
        parser.error(problem)  # a usage error (exit 2), before the vault is opened
    return emit(ctx, run(ctx.open_vault() if vault else ctx, args))


class Commands:
    """Adds commands to one argparse subparsers group, all wired to the same printer."""

    def __init__(self, subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        self.subparsers = subparsers

    def group(self, name: str, help_text: str) -> Commands:
        """The commands under ``name`` (``cases``, ``stats`` ...): made by the first area that asks,
        shared by the areas that ask after it (their ``help_text`` is then not used)."""
        parser = self.subparsers.choices.get(name)
        if parser is None:
            parser = self.subparsers.add_parser(name, help=help_text)
            return Commands(parser.add_subparsers(dest=f"{name}_command", required=True, metavar="WHAT"))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return Commands(action)
        raise ValueError(f"'{name}' is a command, not a group of commands")

    def __call__(
        self,
        name: str,
        help_text: str,
        run: Run,
        *,
        json: bool = False,
        check: Check = None,
        vault: bool = True,
        **kw: Any,
    ) -> argparse.ArgumentParser:
        """A command ``name`` running ``run``; ``json`` adds --json; ``vault=False`` hands ``run``
        the CLI context instead of an open vault (for init, restore, self-test and the like)."""
        parser: argparse.ArgumentParser = self.subparsers.add_parser(name, help=help_text, **kw)
        parser.set_defaults(handler=functools.partial(_handle, run, parser, check, vault))
        if json:
            parser.add_argument("--json", action="store_true", help="print the result as JSON")
        return parser
