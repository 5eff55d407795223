"""The ``petition-parser`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime

from . import __version__
from ._convert import to_dict
from ._derive import from_api
from ._errors import PetitionParseError
from ._format import decode, parse, parse_date_time, parse_file, parse_index, render
from ._validate import validate, validate_index
from .api import load_api

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
    check_cmd = commands.add_parser(
        "check",
        help="validate reports and index pages; print FILE:LINE: CODE message for each finding",
    )
    check_cmd.add_argument("files", nargs="+", metavar="FILE")
    from_api_cmd = commands.add_parser(
        "from-api", help="write the report for an official API JSON document to stdout"
    )
    from_api_cmd.add_argument("file", metavar="API.json")
    from_api_cmd.add_argument(
        "--refreshed-at",
        type=_refresh_time,
        metavar='"YYYY-MM-DD HH:MM:SS"',
        help="the report's 'Last refreshed' time (default: now, local time)",
    )
    return parser


def _refresh_time(text: str) -> datetime:
    try:
        return parse_date_time(*text.split(" ", 1))
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(
            f"expected a local time like '2022-03-26 14:00:15', got {text!r}"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse":
        return _parse(args.files, args.indent)
    if args.command == "check":
        return _check(args.files)
    if args.command == "from-api":
        return _from_api(args.file, args.refreshed_at)
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
    if exc.file is None:
        exc.in_file(name)
    return exc.describe()


def _check(files: list[str]) -> int:
    """Findings as ``FILE:LINE: CODE message``; exit 1 on a parse error or an error finding."""
    status = 0
    for name in files:
        try:
            with open(name, "rb") as f:
                text = decode(f.read())
            if is_index_page(text):
                findings = validate_index(parse_index(text))
            else:
                findings = validate(parse(text))
        except PetitionParseError as exc:
            print(format_error(name, exc), file=sys.stderr)
            status = 1
            continue
        except OSError as exc:
            print(f"{name}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        for finding in findings:
            where = f"{name}:{finding.line}" if finding.line is not None else name
            severity = "" if finding.severity == "error" else f" ({finding.severity})"
            print(f"{where}: {finding.code}{severity} {finding.message}")
            if finding.severity == "error":
                status = 1
    return status


def is_index_page(text: str) -> bool:
    """An index page has no "### Background" section and a "# Top N ..." title."""
    return "\n### Background\n" not in text and text.lstrip("\ufeff").startswith("# Top ")


def _from_api(name: str, refreshed_at: datetime | None) -> int:
    try:
        with open(name, "rb") as f:
            document = load_api(f.read())
        when = refreshed_at or datetime.now().replace(microsecond=0)
        sys.stdout.write(render(from_api(document, when)))
    except PetitionParseError as exc:
        print(format_error(name, exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{name}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
