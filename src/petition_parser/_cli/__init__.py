"""The ``petition-parser`` command: click commands over the library, one module each.

It adds no parsing of its own.  Shell manners: output goes to standard output (or
``-o FILE``, written atomically), errors to standard error as ``FILE:LINE:COL:
message``, usage errors exit 2, failures 1, Ctrl-C 130 and SIGTERM 143 (leaving no
partial output); a closed standard output (``| head``) ends the run quietly.  No
input or argument makes it print a Python traceback: an error is one line.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

import click

from .. import __version__, _workers
from .._errors import PetitionError

__all__ = ["cli", "main"]


#: Each command and the module that defines it, imported only when the command runs
#: (click's lazy-group pattern): ``petition-parser parse`` loads no SQLite, Arrow or
#: validation code.
_COMMANDS = {
    "parse": "parse",
    "table": "table",
    "sqlite": "sqlite",
    "check": "check",
    "render": "render",
    "from-api": "from_api",
    "schema": "schema",
    "diff": "diff",
    "timeline": "timeline",
    "fetch": "fetch",
    "collect": "collect",
    "watch": "watch",
    "plot": "plot",
    "site": "site",
}


class _Group(click.Group):
    """click's group with lazily imported commands, ending quietly (exit 0) when standard
    output is closed early."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = getattr(importlib.import_module(f".{module}", __name__), module)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (| head).  Point standard output at /dev/null so
            # that Python's flush at exit does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="petition-parser")
def cli() -> None:
    """Read UK Parliament petition reports (Markdown): to JSON, tables, SQLite, and back.

    \b
    Examples:
      petition-parser parse report.md
      petition-parser table constituencies archive/ -o constituencies.parquet
      petition-parser sqlite petitions.db archive/
    """


class _Terminated(BaseException):
    """SIGTERM (``kill``, ``timeout``, a service stopped), raised where the command is,
    so that it ends as after Ctrl-C: every output's clean-up runs, nothing is left
    half-written."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _stop_on_sigterm() -> Callable[[int, FrameType | None], Any] | int | None:
    """SIGTERM raises ``_Terminated`` while the command runs; the handler it replaced
    (None where none can be set: not the main thread, or one set outside Python)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    if previous is None:
        return None
    signal.signal(signal.SIGTERM, _terminated)
    return previous


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    start_method = _workers.START_METHOD
    if "fork" in multiprocessing.get_all_start_methods():
        # This process runs no threads of its own when it starts its workers (the pool
        # starts them all before its manager thread), so they can simply fork: no
        # server process to start, no package to import again.
        _workers.START_METHOD = "fork"
    terminate = _stop_on_sigterm()
    try:
        status = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="petition-parser",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:  # Ctrl-C (click turns KeyboardInterrupt into Abort)
        click.echo("Aborted!", err=True)
        return 130  # 128 + SIGINT, as the shell reports a process it interrupted
    except KeyboardInterrupt:
        click.echo("Aborted!", err=True)
        return 130
    except _Terminated:
        click.echo("Terminated.", err=True)
        return 128 + signal.SIGTERM
    except PetitionError as exc:  # an output that cannot be written, say: one line
        click.echo(f"petition-parser: error: {exc}", err=True)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        click.echo(f"petition-parser: error: {where}{exc.strerror or exc}", err=True)
        return 1
    finally:
        _workers.START_METHOD = start_method  # main() may run inside a larger program
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)
    return status if isinstance(status, int) else 0
