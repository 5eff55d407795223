"""Coverage-guided fuzzing with atheris (libFuzzer for Python).

    pip install atheris
    python fuzz/atheris_harness.py report -max_total_time=600
    python fuzz/atheris_harness.py all -max_total_time=600

The first argument is the target (``report``, ``index``, ``api``, ``json`` or
``all``, which picks one per input from its first byte); the rest go to libFuzzer.
Unless a corpus folder is named, the run starts from the same seeds as
``fuzz/mutate.py`` (copied into a temporary folder).  Each input is checked as
bytes and, where it is UTF-8, as text, with the invariants of
``fuzz/invariants.py``; a broken promise stops the run with the input saved as
``crash-*`` in the current folder.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    import petition_parser

    # The package imports its modules when a name is first used: load them all now,
    # inside the instrumented block, so that coverage sees them.
    for _name in petition_parser.__all__:
        getattr(petition_parser, _name)

from fuzz.invariants import TARGETS  # noqa: E402
from fuzz.mutate import seeds  # noqa: E402

NAMES = list(TARGETS)


def _checker(target: str) -> object:
    def one_input(data: bytes) -> None:
        name = target
        if name == "all":
            if not data:
                return
            name, data = NAMES[data[0] % len(NAMES)], data[1:]
        check = TARGETS[name]
        check(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        check(text)

    return one_input


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in [*NAMES, "all"]:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(NAMES)},all}} [libFuzzer options] [corpus]")
    target = sys.argv.pop(1)
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
        for name in NAMES if target == "all" else [target]:
            prefix = bytes([NAMES.index(name)]) if target == "all" else b""
            for i, text in enumerate(seeds(name)):
                raw = text.encode("utf-8", "surrogateescape")
                (corpus / f"{name}-{i}").write_bytes(prefix + raw)
        argv.append(str(corpus))
    atheris.Setup(argv, _checker(target))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
