"""``read_git``: every committed version of report files in a git repository.

The public archives of these reports are git repositories whose history holds every
refresh.  One ``git log`` lists, oldest first, the commits that changed a matching file
and the blob of each new version; one long-running ``git cat-file --batch`` streams the
blobs (no process per version).  A version whose content is a blob already yielded
for that path (a rename without change, say) is skipped; deletions yield nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import IO, Any

import attrs
from attrs import define

from ._errors import PetitionError, PetitionParseError
from ._format import parse, parse_index
from ._model import Petition, PetitionIndex
from ._sources import Document, is_index_page

__all__ = [
    "CatFile",
    "Change",
    "GitBlob",
    "GitVersion",
    "count_versions",
    "is_new",
    "iter_blobs",
    "log_changes",
    "new_versions",
    "read_blobs",
    "read_git",
    "resolve_commit",
]


@define(frozen=True)
class GitBlob:
    """One committed version of a file: its commit, commit time, path and bytes."""

    commit: str
    committed_at: datetime
    path: str
    data: bytes

    @property
    def name(self) -> str:
        """``COMMIT:PATH``, as errors name the version (git's own spelling)."""
        return f"{self.commit[:12]}:{self.path}"

    def document(self) -> Document:
        return Document(self.name, self.data)


@define(frozen=True)
class GitVersion:
    """A version read: the petition (or index page), or the error that refused it."""

    commit: str
    committed_at: datetime
    path: str
    petition: Petition | PetitionIndex | None
    error: PetitionParseError | None


def _git_executable() -> str:
    git = shutil.which("git")
    if git is None:
        raise PetitionError("reading a git archive needs git, which is not on the PATH")
    return git


def _git(repo: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [_git_executable(), "-C", repo, *args]
    return subprocess.run(command, input=stdin, capture_output=True, check=False)


def iter_blobs(
    repo: str | os.PathLike[str],
    paths: str | Sequence[str],
    *,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> Iterator[GitBlob]:
    """Each new version of a file matching ``paths`` (glob patterns), oldest first."""
    changes = log_changes(repo, paths, rev=rev, since=since, until=until)
    yield from read_blobs(repo, new_versions(changes, {}))


def count_versions(
    repo: str | os.PathLike[str],
    paths: str | Sequence[str],
    *,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> int:
    """How many versions ``iter_blobs`` gives (one listing, no content read)."""
    changes = log_changes(repo, paths, rev=rev, since=since, until=until)
    return sum(1 for _ in new_versions(changes, {}))


def read_blobs(repo: str | os.PathLike[str], versions: Iterable[Change]) -> Iterator[GitBlob]:
    """The content of each version, streamed by one ``git cat-file --batch``."""
    cat = CatFile(repo)
    try:
        yield from cat.blobs(versions)
    finally:
        cat.close()


class CatFile:
    """A running ``git cat-file --batch`` in ``repo``: blobs read by id, one at a time."""

    def __init__(self, repo: str | os.PathLike[str]) -> None:
        git = shutil.which("git") or "git"
        self._process = subprocess.Popen(
            [git, "-C", os.fspath(repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._in, self._out = self._process.stdin, self._process.stdout

    def blobs(self, versions: Iterable[Change]) -> Iterator[GitBlob]:
        """Each version with its content (PetitionError for a blob the repository has
        not)."""
        for change in versions:
            data = _cat(self._in, self._out, change.blob)
            yield GitBlob(change.commit, change.committed_at, change.path, data)

    def close(self) -> None:
        """End the process (its input closed, it exits) and wait for it."""
        with self._process:  # closes the pipes and waits
            self._in.close()


def log_changes(
    repo: str | os.PathLike[str],
    paths: str | Sequence[str],
    *,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
    commits: Sequence[str] | None = None,
) -> Generator[Change, None, None]:
    """The changes to files matching ``paths`` that ``git log`` lists, oldest first: of
    the history (``rev``, ``since``, ``until``), or of exactly ``commits``, in their
    order (what one partition of ``dask.read_git_table`` reads).

    Streamed: read while ``git log`` writes them, and never held all at once.  The
    public archive's listing is millions of changes; held as a list, 500,000 of them
    took 300 MB (docs/performance.md)."""
    root = os.fspath(repo)
    patterns = [paths] if isinstance(paths, str) else list(paths)
    args = ["log", "--raw", "--no-abbrev", "-z", "--format=%x01%H %ct", "-M"]
    if commits is not None:
        args += ["--no-walk=unsorted", "--stdin"]
    else:
        args.append("--reverse")
    if since is not None:
        args.append(f"--since={since.isoformat() if isinstance(since, datetime) else since}")
    if until is not None:
        args.append(f"--until={until.isoformat() if isinstance(until, datetime) else until}")
    if rev is not None:
        if rev.startswith("-"):
            # Never an option (``--output=FILE`` would make git write a file).
            raise PetitionError(f"expected a revision or range, found {rev!r}, an option")
        args += ["--end-of-options", rev]
    args += ["--", *(f":(glob){p}" for p in patterns or ["**/*.md"])]
    for arg in (root, *args):
        _check_argument(arg)
    if commits is None:
        # Given commits were listed in this repository (by ``read_git_table``): one
        # process less for each partition.
        check = _git(root, "rev-parse", "--git-dir")
        if check.returncode != 0:
            raise PetitionError(f"{root} is not a git repository: {_message(check.stderr)}")
    given = "".join(f"{commit}\n" for commit in commits or ()).encode("ascii")
    output = _log_output(root, args, stdin=given if commits is not None else None)
    yield from _changes(_fields(output))


#: How much of ``git log``'s output is read at a time.
_CHUNK = 1 << 18


def _log_output(root: str, args: list[str], *, stdin: bytes | None) -> Iterator[bytes]:
    """What ``git log`` (``args``) writes in ``root``, a chunk at a time as it writes
    it; then a PetitionError with git's complaint if it failed.  The process is ended
    when the reader stops early."""
    process = subprocess.Popen(
        [_git_executable(), "-C", root, *args],
        stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    stderr = process.stderr
    # Its complaint is read as it comes too: a pipe nobody reads until the end could
    # fill, and git would stop mid-listing.
    complaint: list[bytes] = []
    drain = threading.Thread(target=lambda: complaint.append(stderr.read()))
    drain.start()
    try:
        if process.stdin is not None:
            # ``git log --stdin`` reads all of its input before it writes anything, so
            # writing it whole first cannot deadlock.
            with contextlib.suppress(BrokenPipeError):  # git ended first: it says why
                process.stdin.write(stdin or b"")
                process.stdin.close()
        while chunk := os.read(process.stdout.fileno(), _CHUNK):
            yield chunk
        process.wait()  # all of it written: git ends by itself
    finally:
        if process.poll() is None:  # the reader stopped early
            process.kill()
        process.wait()
        drain.join()
        process.stdout.close()
        stderr.close()
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
    if process.returncode != 0:
        raise PetitionError(f"git log in {root} failed: {_message(b''.join(complaint))}")


def resolve_commit(repo: str | os.PathLike[str], rev: str | None) -> str | None:
    """The commit ``rev`` (default ``HEAD``) names in ``repo``; None in a repository
    with no commits yet.  PetitionError when ``repo`` is not a repository or ``rev``
    names no commit."""
    root = os.fspath(repo)
    name = "HEAD" if rev is None else rev
    for arg in (root, name):
        _check_argument(arg)
    if name.startswith("-"):
        raise PetitionError(f"expected a revision, found {name!r}, an option")
    check = _git(root, "rev-parse", "--git-dir")
    if check.returncode != 0:
        raise PetitionError(f"{root} is not a git repository: {_message(check.stderr)}")
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if found.returncode != 0:
        if rev is None:
            return None  # no commits yet
        raise PetitionError(f"{root}: {name!r} names no commit")
    return found.stdout.decode("ascii").strip()


def has_commit(repo: str | os.PathLike[str], commit: str) -> bool:
    """Whether ``repo`` holds the commit ``commit`` (a full hash)."""
    _check_argument(commit)
    name = f"{commit}^{{commit}}"
    found = _git(os.fspath(repo), "rev-parse", "--verify", "--quiet", "--end-of-options", name)
    return found.returncode == 0


def _check_argument(arg: str) -> None:
    """An argument the system can pass to git: no NUL, and bytes it can encode."""
    if "\x00" in arg:
        raise PetitionError(f"expected git arguments, found one holding a NUL: {arg!r}")
    try:
        os.fsencode(arg)
    except UnicodeEncodeError:
        raise PetitionError(
            f"expected git arguments, found one the system cannot encode: {arg!r}"
        ) from None


#: The modes of the files read: regular files (not a submodule, not a symbolic link).
_FILE_MODES = (b"100644", b"100755")


@define(frozen=True)
class Change:
    """A change ``git log --raw`` lists: a commit's new blob at a path (``source``: the
    path it was renamed or copied from, else the path itself)."""

    commit: str
    committed_at: datetime
    status: str
    path: str
    source: str
    blob: str


def _fields(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The fields of ``git log -z`` output (each ended by a NUL), whole across the
    chunks it is read in."""
    rest = b""
    for chunk in chunks:
        fields = (rest + chunk).split(b"\x00")
        rest = fields.pop()  # the start of a field the next chunk ends
        yield from fields
    if rest:
        yield rest


def _changes(fields: Iterable[bytes]) -> Iterator[Change]:
    """The changes to regular files ``git log -z --raw`` lists, in its order.

    The log is read field by field (``-z``: fields end with NUL, the one byte no path
    holds): a commit header (``\\x01HASH TIME``), or a change (``:MODES BLOBS STATUS``)
    followed by its one path, or two for a rename or copy.  Paths are taken by position,
    so a path may hold any other byte, ``\\x01`` and a leading ``:`` included.
    Deletions and files that are not regular (a submodule, a link) are left out.
    """
    fields = iter(fields)
    commit, when = "", datetime.min
    for raw in fields:
        field = raw.lstrip(b"\n")
        if field.startswith(b"\x01"):
            sha, _, seconds = field[1:].decode("ascii").partition(" ")
            commit, when = sha, datetime.fromtimestamp(int(seconds), tz=timezone.utc)
            continue
        if not field.startswith(b":"):
            continue  # the end of the log
        _, new_mode, _, blob_id, status = field[1:].split(b" ")
        kind = status[:1]
        source = path = next(fields, b"").decode("utf-8", "surrogateescape")
        if kind in (b"R", b"C"):
            path = next(fields, b"").decode("utf-8", "surrogateescape")
        if kind == b"D" or new_mode not in _FILE_MODES:
            continue
        yield Change(commit, when, kind.decode("ascii"), path, source, blob_id.decode("ascii"))


def is_new(change: Change, last: dict[str, str]) -> bool:
    """Whether ``change`` makes a new version: not the blob read last for that path (a
    file deleted and added again as it was), nor a rename that kept the content.
    ``last`` (path -> blob) is the state, updated in place."""
    blob = change.blob
    seen = last.get(change.path) == blob or (
        change.status == "R" and last.get(change.source) == blob
    )
    last[change.path] = blob
    return not seen


def new_versions(changes: Iterable[Change], last: dict[str, str]) -> Iterator[Change]:
    """The changes that make a new version (``is_new``), ``last`` updated in place."""
    return (change for change in changes if is_new(change, last))


def _cat(into: IO[bytes], out: IO[bytes], blob: str) -> bytes:
    into.write(blob.encode() + b"\n")
    into.flush()
    header = out.readline().split()
    if len(header) != 3 or header[1] != b"blob":
        raise PetitionError(f"git cat-file could not read the blob {blob}: {header!r}")
    size = int(header[2])
    data = out.read(size)
    out.read(1)  # the line break after the content
    return data


def _message(stderr: bytes) -> str:
    return stderr.decode("utf-8", "replace").strip().splitlines()[-1] if stderr.strip() else ""


def read_git(
    repo: str | os.PathLike[str],
    paths: str | Sequence[str] = ("**/*.md",),
    *,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> Iterator[GitVersion]:
    """Every committed version of the report files ``paths`` (git glob patterns) match.

    ``paths`` is one pattern (a ``str``) or a sequence of them; only regular files are
    read (a submodule or a symbolic link at a matching path is passed over).  Yields,
    lazily and oldest first, one ``GitVersion`` per new version: its commit,
    commit time, path, and the Petition (an index page: a PetitionIndex) or the
    PetitionParseError that refused it (naming ``COMMIT:PATH``).  ``rev`` limits the
    history to a revision or range (``"main"``, ``"v1..v2"``); ``since`` and ``until``
    to a time (anything ``git log --since`` takes).  Raises ``PetitionError``
    when git is missing, ``repo`` is not a repository, or ``rev`` is not a revision
    (``rev`` is never read as an option: ``"--output=x"`` is refused).
    """
    for blob in iter_blobs(repo, paths, rev=rev, since=since, until=until):
        document: Any = None
        error = None
        try:
            document = parse_index(blob.data) if is_index_page(blob.data) else parse(blob.data)
        except PetitionParseError as exc:
            error = exc.in_file(blob.name)
        yield GitVersion(blob.commit, blob.committed_at, blob.path, document, error)


# As users import them (``petition_parser.GitVersion``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in (GitVersion,):
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
