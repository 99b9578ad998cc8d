"""The dv-forum command line. Each area adds its commands in a module named ``*_cmds.py`` here,
exposing ``register(top)`` and written with dv_forum.cli.commands.Commands; modules are found
automatically so areas never edit this file.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

from dv_forum import __version__
from dv_forum.cli.commands import Commands, Refused
from dv_forum.cli.context import Context
from dv_forum.errors import UserError, translate_db_error
from dv_forum.vault.db import DatabaseError

log = logging.getLogger("dv_forum.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dv-forum",
        description="Offline, encrypted case coordination for a DV Forum and its MARAC.",
    )
    parser.add_argument("--version", action="version", version=f"dv-forum {__version__}")
    parser.add_argument(
        "--vault", metavar="FOLDER", help="vault folder (default: $DV_FORUM_VAULT, then the user data folder)"
    )
    parser.add_argument(
        "--user", metavar="NAME", help="user name (default: $DV_FORUM_USER, then the only coordinator)"
    )
    parser.add_argument("--debug", action="store_true", help="log at debug level (logs never hold case data)")
    parser.add_argument(
        "--passphrase-file", metavar="FILE", help="read the passphrase from the first line of FILE"
    )
    top = Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    import dv_forum.cli as pkg

    # The vault's own commands first in --help, then each area's in name order.
    modules = sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: (m.name != "vault_cmds", m.name))
    for info in modules:
        if info.name.endswith("_cmds"):
            importlib.import_module(f"dv_forum.cli.{info.name}").register(top)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from dv_forum.hardening import harden_process

    harden_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    from dv_forum.logs import configure_logging

    configure_logging(debug=args.debug)
    ctx = Context(args)
    # Debug lines name the command and its outcome only: never arguments, which may hold case text.
    what = " ".join(str(v) for k, v in sorted(vars(args).items()) if k.endswith("command") and v)
    log.debug("command %s started", what)
    try:
        code = args.handler(args, ctx)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at interpreter exit
        log.debug("command %s finished with %d", what, int(code or 0))
        return int(code or 0)
    except BrokenPipeError:
        return _pipe_closed()
    except UserError as exc:
        for problem in exc.problems if isinstance(exc, Refused) else ():
            print(problem, file=sys.stderr)
        print(f"dv-forum: {exc.message}" + (f" {exc.next_step}" if exc.next_step else ""), file=sys.stderr)
        return 1
    except (OSError, DatabaseError) as exc:
        # A database or disk failure the user can act on, told by SQLite's code (as the desktop
        # app's worker does); anything else is a bug.
        known = translate_db_error(exc)
        if known is None:
            return _bug(exc)
        print(f"dv-forum: {known.message} {known.next_step}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dv-forum: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - anything else is a bug: report it without data
        return _bug(exc)
    finally:
        try:
            ctx.close()
        except Exception:  # noqa: BLE001, S110 - closing after a failure must not hide the failure
            pass


def _pipe_closed() -> int:
    """The reader went away (``dv-forum ... | head``): stop quietly, as Unix tools do."""
    # Point stdout at /dev/null so the interpreter's final flush does not fail again.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


def _bug(exc: BaseException) -> int:
    from dv_forum.crash import write_report

    log.error("internal error %s", type(exc).__name__)
    incident, path = write_report(exc)
    where = f" A report without case data is in {path}." if path else ""
    print(
        f"dv-forum: unexpected internal error (incident {incident}); this is a bug.{where}", file=sys.stderr
    )
    return 1


def run() -> None:
    sys.exit(main())
