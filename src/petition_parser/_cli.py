"""The ``petition-parser`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from ._convert import to_dict
from ._errors import PetitionParseError
from ._parser import parse_file

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petition-parser",
        description="Read UK Parliament petition reports (Markdown).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_cmd = commands.add_parser(
        "parse", help="print reports as JSON (one file: an object; several: an array)"
    )
    parse_cmd.add_argument("files", nargs="+", metavar="FILE")
    parse_cmd.add_argument("--indent", type=int, default=2, help="JSON indent (default 2)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse":
        return _parse(args.files, args.indent)
    raise AssertionError(args.command)  # argparse has already refused anything else


def _parse(files: list[str], indent: int) -> int:
    results = []
    status = 0
    for name in files:
        try:
            results.append(to_dict(parse_file(name)))
        except PetitionParseError as exc:
            print(format_error(name, exc), file=sys.stderr)
            status = 1
        except OSError as exc:
            print(f"{name}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
    if status == 0:
        out = results[0] if len(files) == 1 else results
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=indent) + "\n")
    return status


def format_error(name: str, exc: PetitionParseError) -> str:
    """``FILE:LINE:COL: message``, then the quoted line and caret."""
    if exc.line is None:
        return f"{name}: {exc}"
    return f"{name}:{exc.line}:{exc.column}: {str(exc).split(': ', 1)[1]}"
