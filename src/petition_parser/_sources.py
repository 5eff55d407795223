"""Reading many reports: paths, folders, globs and parsed petitions, in order, in processes.

``read_reports`` is the public entry; the tables use ``read_many``, which
yields the same items with their paths, and can hand the parsing of each chunk of
files, and the work done on its result, to worker processes.

Order is stable: a folder is read recursively in sorted path order, a glob in
sorted order, an iterable in its own order; with ``workers=N`` results come back
in that same order.  Memory stays flat: paths are expanded lazily and at most a
few chunks per worker are in flight.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal, overload

from attrs import define

from ._errors import PetitionError, PetitionParseError, unreadable
from ._format import parse, parse_constituency_text, parse_index, parse_snapshot, read_bytes
from ._model import Petition, PetitionIndex
from ._snapshot import ConstituencyText, Snapshot
from ._workers import CHUNK, check_workers, in_processes

__all__ = [
    "Document",
    "Errors",
    "Read",
    "ReadAs",
    "SourceLike",
    "Sources",
    "is_index_page",
    "iter_sources",
    "read_many",
    "read_one",
    "read_reports",
    "unreadable",
]

Errors = Literal["raise", "skip", "collect"]
PathLike = str | os.PathLike[str]


@define(frozen=True)
class Document:
    """A document already in memory (standard input, say), named for its errors."""

    name: str
    data: bytes


#: What ``read_reports`` takes: a path (file, folder or glob), a parsed Petition, or an
#: iterable of those.  A ``str`` is always one path or pattern, never a sequence of them.
SourceLike = PathLike | Petition | Iterable[PathLike | Petition | Document]
#: One item to read: a path, a parsed Petition, a document in memory, or the error of a
#: source that names nothing readable (a missing path, a glob that matches nothing).
Item = str | Petition | Document | PetitionParseError
#: How to read each file: as a report (a Petition), a Snapshot (its tables as columns),
#: an index page, or whichever of a report and an index page it is; or as a
#: ConstituencyText (a report whose constituency rows are left for the native reader).
ReadAs = Literal["report", "snapshot", "index", "auto", "constituency-text"]
#: Results of a chunk of items, in order: ``(path, result)``.
Chunk = list[tuple[str | None, Any]]
#: What the internal readers take: the public sources, or items already expanded (the
#: command line expands its arguments first, to count them).
Sources = SourceLike | Iterable[Item]


def iter_sources(source: Sources) -> Iterator[Item]:
    """The paths (and parsed petitions) ``source`` names, lazily, in a stable order.

    A source that names nothing (a missing path, a glob or folder with no report file
    in it, a name the system refuses) becomes a PetitionParseError naming it, in its
    place: the readers raise, skip or collect it like a file that is not a report.
    """
    if isinstance(source, Petition):
        yield source
    elif isinstance(source, (str, os.PathLike)):
        yield from _expand(os.fspath(source))
    else:
        for item in source:
            if isinstance(item, (Petition, Document, PetitionParseError)):
                yield item
            else:
                yield from _expand(os.fspath(item))


def _expand(name: str) -> Iterator[str | PetitionParseError]:
    if "\x00" in name:
        yield PetitionParseError("expected a path, found one holding a NUL character", file=name)
        return
    try:
        if os.path.isdir(name):
            found = _files(Path(name), "**/*.md")
            what = "a folder holding *.md files"
        elif not os.path.lexists(name) and glob.has_magic(name):
            root, pattern = _split_glob(name)
            found = _files(Path(root), pattern) if os.path.isdir(root) else []
            what = "files matching the pattern"
        else:
            yield name  # a file, or a missing one: reading it says so
            return
    except OSError as exc:
        yield unreadable(name, exc)
        return
    if not found:
        yield PetitionParseError(f"expected {what}, found none", file=name)
    yield from found


def _split_glob(pattern: str) -> tuple[str, str]:
    """The folder a glob starts from (its parts without wildcards), and the rest."""
    parts = Path(pattern).parts
    i = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = os.path.join(*parts[:i]) if i else "."
    rest = "/".join(parts[i:])
    return root, rest


def _files(root: Path, pattern: str) -> list[str]:
    """The files under ``root`` matching ``pattern``, sorted by path components.

    ``Path.glob`` (unlike ``glob.glob``) does not follow a link to a folder under
    ``**``: a link back up the tree (``ln -s . loop``) cannot make a walk endless or
    read a file twice, and a folder and the glob ``folder/**/*.md`` read the same files.
    """
    if pattern == "**/*.md":  # a folder, or the glob that names all of one
        return _reports_under(root)
    # Sorted by the parts (tuples of str, compared in C): the order of ``Path``'s own
    # comparison, at a tenth of its cost (a method call per comparison).
    found = sorted((p for p in root.glob(pattern) if p.is_file()), key=_PARTS)
    return [str(p) for p in found]


def _reports_under(root: Path) -> list[str]:
    """``root.glob("**/*.md")``'s files, in the same order, as strings, by ``os.scandir``.

    The same files as ``Path.glob``: hidden ones too, links to files followed, links to
    folders not; a folder that cannot be listed is passed over (as ``Path.glob`` does).
    At a tenth of its cost (2,000 files in 1-2 ms, not 12-30 ms: docs/performance.md):
    no Path object per entry.  Each folder's entries are sorted by name, and a
    subfolder is walked in its place among them: that is the order of the paths' parts.
    """
    # Folders still being listed, innermost last (a loop, not recursion: a tree of any
    # depth).  A prefix is what pathlib puts before a child's name: "" for ".", "/" for
    # "/", "a/" for "a/".
    found: list[str] = []
    top = str(root / "x")[:-1]
    open_folders = [(top, _entries(top))]
    while open_folders:
        prefix, entries = open_folders[-1]
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    folder = f"{prefix}{name}{os.sep}"
                    open_folders.append((folder, _entries(folder)))
                    break
                if os.path.normcase(name).endswith(".md") and entry.is_file():
                    found.append(prefix + name)
            except OSError:  # gone since its folder was listed
                continue
        else:
            open_folders.pop()
    return found


def _entries(prefix: str) -> Iterator[os.DirEntry[str]]:
    """A folder's entries, sorted by name; none if it cannot be listed."""
    try:
        with os.scandir(prefix or ".") as listing:
            return iter(sorted(listing, key=_NAME))
    except OSError:
        return iter(())


_NAME = attrgetter("name")
_PARTS = attrgetter("parts")


def is_index_page(data: bytes) -> bool:
    """An index page has a "# Top N ..." title and no "### Background" section."""
    return data.removeprefix(b"\xef\xbb\xbf").startswith(b"# Top ") and (
        b"\n### Background" not in data
    )


#: What reading a file can give: the document, its error, or None (a file of the other
#: kind: an index page among reports, or a report among index pages).
Read = Petition | Snapshot | ConstituencyText | PetitionIndex | PetitionParseError | None


@overload
def read_one(
    item: str | Document, kind: Literal["snapshot"]
) -> Snapshot | PetitionParseError | None: ...
@overload
def read_one(
    item: str | Document, kind: Literal["report"]
) -> Petition | PetitionParseError | None: ...
@overload
def read_one(
    item: str | Document, kind: Literal["index"]
) -> PetitionIndex | PetitionParseError | None: ...
@overload
def read_one(
    item: str | Document, kind: Literal["constituency-text"]
) -> ConstituencyText | Snapshot | PetitionParseError | None: ...
@overload
def read_one(item: str | Document, kind: ReadAs) -> Read: ...
def read_one(item: str | Document, kind: ReadAs) -> Read:
    """Parse one file as ``kind``: the result, or the PetitionParseError (naming the file)."""
    path = item.name if isinstance(item, Document) else item
    try:
        data = item.data if isinstance(item, Document) else read_bytes(item)
    except OSError as exc:
        return unreadable(path, exc)
    try:
        index_page = is_index_page(data)
        if kind == "auto":
            kind = "index" if index_page else "report"
        elif index_page != (kind == "index"):
            return None  # a folder can mix reports and index pages: each kind skips the other
        if kind == "index":
            return parse_index(data)
        if kind == "snapshot":
            return parse_snapshot(data)
        if kind == "constituency-text":
            return parse_constituency_text(data)
        return parse(data)
    except PetitionParseError as exc:
        return exc.in_file(path)


def _is_file(item: Item) -> bool:
    """Whether a worker reads ``item``: a path or a document (not a Petition, not an error)."""
    return isinstance(item, (str, Document))


def _work(
    items: list[Item],
    *,
    kind: ReadAs,
    then: Callable[[str | None, Any], Any] | None,
    per_chunk: Callable[[Chunk], Chunk] | None,
) -> Chunk:
    """A chunk's task: read its items (``_read_items``), then ``per_chunk`` of the
    results (files of the other kind left out).  In a worker, or here."""
    out = list(_read_items(iter(items), kind, then))
    if per_chunk is None:
        return out
    return per_chunk([(path, result) for path, result in out if result is not None])


def _chunks(items: Iterator[Item]) -> Iterator[list[Item]]:
    while chunk := list(islice(items, CHUNK)):
        yield chunk


def _good_as_one(combine: Callable[[list[Any]], Any], results: Chunk) -> Chunk:
    """The chunk's good results as one, ``combine(results)`` (an Arrow batch, say: cheap
    to send back from a worker), before the chunk's errors."""
    good = [r for _, r in results if not isinstance(r, PetitionError)]
    bad = [(path, result) for path, result in results if isinstance(result, PetitionError)]
    return [(None, combine(good)), *bad] if good else bad


def check_errors(errors: object) -> None:
    """Refuse an ``errors=`` that is not ``"raise"``, ``"skip"`` or ``"collect"``."""
    if errors not in ("raise", "skip", "collect"):
        raise PetitionError(f"expected errors 'raise', 'skip' or 'collect', found {errors!r}")


def read_many(
    source: Sources,
    kind: ReadAs,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    then: Callable[[str | None, Any], Any] | None = None,
    combine: Callable[[list[Any]], Any] | None = None,
    per_chunk: Callable[[Chunk], Chunk] | None = None,
    on_error: Callable[[PetitionError], None] | None = None,
) -> Iterator[tuple[str | None, Any]]:
    """``(path, result)`` for every item of ``source``, in order.

    ``result`` is the parsed item (or ``then(path, item)``), or, with
    ``errors="collect"``, a PetitionError.  ``then``, ``combine`` and ``per_chunk`` must
    pickle (a module-level function or a partial of one) when ``workers`` > 1: they run
    in the workers.  ``combine``, used only with workers, turns each chunk's good
    results into one (path None).  ``per_chunk`` turns each chunk's results (errors
    too, in order) into others, with any number of workers (chunks of ``CHUNK``
    items).  ``on_error``, when given, is called with each error (in order), which is
    then left out whatever ``errors`` says.
    """
    check_errors(errors)
    check_workers(workers)
    items = iter_sources(source)
    if combine is not None and workers > 1:
        per_chunk = partial(_good_as_one, combine)
    task = partial(_work, kind=kind, then=then, per_chunk=per_chunk)
    results: Iterable[tuple[str | None, Any]]
    if workers > 1:
        results = in_processes(items, task, task, _is_file, workers)
    elif per_chunk is not None:
        results = (result for chunk in _chunks(items) for result in task(chunk))
    else:
        results = _read_items(items, kind, then)
    for path, result in results:
        if result is None:  # an index page among reports, or the other way round
            continue
        if isinstance(result, PetitionError):
            if on_error is not None:
                on_error(result)
                continue
            if errors == "raise":
                raise result
            if errors == "skip":
                continue
        yield path, result


def _read_items(
    items: Iterator[Item], kind: ReadAs, then: Callable[[str | None, Any], Any] | None
) -> Iterator[tuple[str | None, Any]]:
    """``(path, result)`` of each item: the one loop, in this process and in workers.

    A file or a document is read as ``kind``; a Petition is taken as it is (as its
    Snapshot for ``"snapshot"`` and ``"constituency-text"``); a source's error is passed
    on.  ``then`` is applied to each good result."""
    for item in items:
        result: Any
        if isinstance(item, Petition):
            as_snapshot = kind in ("snapshot", "constituency-text")
            path, result = None, Snapshot.of(item) if as_snapshot else item
        elif isinstance(item, PetitionParseError):
            path, result = item.file, item
        else:
            path = item.name if isinstance(item, Document) else item
            result = read_one(item, kind)
        if then is not None and result is not None and not isinstance(result, PetitionError):
            result = then(path, result)
        yield path, result


@overload
def read_reports(
    source: SourceLike, *, errors: Literal["raise", "skip"] = ..., workers: int = ...
) -> Iterator[Petition]: ...
@overload
def read_reports(
    source: SourceLike, *, errors: Literal["collect"], workers: int = ...
) -> Iterator[Petition | PetitionParseError]: ...
def read_reports(
    source: SourceLike, *, errors: Errors = "raise", workers: int = 1
) -> Iterator[Petition] | Iterator[Petition | PetitionParseError]:
    """Read many reports, lazily, in a stable order.

    ``source`` is a path to a report, a folder (read recursively: every ``*.md``, in
    sorted path order), a glob pattern (``"archive/**/*.md"``), a parsed
    ``Petition``, or an iterable of any of those (read in its order).

    ``errors`` says what a file that is not a report does: ``"raise"`` (the default)
    raises its ``PetitionParseError``, which names the file (``error.file``),
    line and column; ``"skip"`` leaves it out; ``"collect"`` yields the error in its
    place, so that a loop sees every good petition and one error per bad file.
    A file that cannot be read (missing, a folder, no permission) is such an error too.
    An index page ("Top N Petitions") is not an error: it is passed over, so that a
    folder of reports with its README index pages reads as its reports.

    ``workers=N`` parses in N processes; the results and their order are the same.
    """
    return (result for _, result in read_many(source, "report", errors=errors, workers=workers))


def read_index_pages(
    source: SourceLike, *, errors: Errors = "raise", workers: int = 1
) -> Iterator[tuple[str | None, PetitionIndex | PetitionError]]:
    """Index pages, with their paths (the ``index`` table's source)."""
    return read_many(source, "index", errors=errors, workers=workers)
