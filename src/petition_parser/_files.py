"""Writing files atomically: into a temporary file (or folder) beside the target, renamed
over it only when everything was written, so that a failed or interrupted run never
leaves a half file where the output was asked for.

The temporary file is made private (``mkstemp`` gives mode 0600, ``mkdtemp`` 0700); the
file put in place gets the mode a plain ``open`` would have given it: the old file's
mode when it replaces one, else 0666 (a folder 0777) less the process's umask.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ._errors import PetitionError

__all__ = ["LOCK_NAME", "atomic_path", "exclusive", "output_error", "path_text", "umask"]

#: The lock file a folder written by one process at a time holds (a collected archive,
#: a Parquet dataset).  Left in place: removing a lock file others may have open races.
LOCK_NAME = ".petition-parser.lock"


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back (the only portable way to read it)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def exclusive(folder: Path, busy: str) -> Iterator[None]:
    """Hold ``folder``'s lock file (made if missing) for a block: PetitionError ``busy``
    at once if another process holds it.  Where the system has no ``flock`` (Windows)
    or the file system takes no locks, nothing is locked."""
    try:
        import fcntl  # noqa: PLC0415 (POSIX only)
    except ImportError:  # pragma: no cover (not on the systems tested)
        yield
        return
    path = folder / LOCK_NAME
    while True:
        try:
            handle = open(path, "a+b")  # noqa: SIM115 (closed below, after the lock)
        except OSError as exc:
            raise output_error(path, exc) from None
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise PetitionError(busy) from None
            except OSError:  # no locks on this file system (ENOLCK): none to take
                yield
                return
            try:
                # The lock must be on the file the folder holds now: not on one of a
                # folder that was replaced whole (renamed away) since it was opened.
                try:
                    current = os.stat(path).st_ino
                except OSError:
                    current = None
                if current != os.fstat(handle.fileno()).st_ino:
                    continue
                yield
                return
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def output_error(path: str | os.PathLike[str], exc: OSError) -> PetitionError:
    """The error for an output that cannot be written, naming it."""
    return PetitionError(f"{os.fspath(path)}: cannot write: {exc.strerror or exc}")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], folder: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over it when the block succeeds.

    Raises PetitionError, naming ``path``, when it cannot be written: its folder is
    missing (it is not made: a typo should not make folders), it is a folder where a
    file is asked for (or a file where a folder is), or the system refuses.
    """
    target = Path(path)
    _check_target(target, folder)
    try:
        if folder:
            temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        else:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            temporary = Path(name)
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        yield temporary
        _put_in_place(temporary, target, folder)
    except BaseException as exc:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise output_error(target, exc) from exc
        raise


def _check_target(target: Path, folder: bool) -> None:
    try:
        if not target.parent.is_dir():
            raise PetitionError(
                f"{target}: expected a folder to write into, found no folder {str(target.parent)!r}"
            )
        if not folder and target.is_dir():
            raise PetitionError(f"{target}: expected a file to write, found a folder")
        if folder and target.exists() and not target.is_dir():
            raise PetitionError(f"{target}: expected a folder to write, found a file")
    except OSError as exc:  # a name too long, say
        raise output_error(target, exc) from None


def _put_in_place(temporary: Path, target: Path, folder: bool) -> None:
    if not folder and target.is_file():
        mode = target.stat().st_mode & 0o7777
    else:
        mode = (0o777 if folder else 0o666) & ~umask()
    os.chmod(temporary, mode)
    if folder and target.exists():
        old = target.with_name(f".{target.name}.old")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
        temporary.rename(target)
        shutil.rmtree(old)
    else:
        os.replace(temporary, target)


def path_text(path: str | None) -> str | None:
    """A file's name as text a table can hold.

    A name that is not UTF-8 reaches Python with its odd bytes as lone surrogates
    (``os.fsdecode``), which no encoder writes: each such byte becomes the four
    characters ``\\xNN`` (``r\\xff.md``), so CSV, JSON, Arrow and SQLite all take it and
    a reader sees which byte it was.  UTF-8 names are unchanged.
    """
    if path is None or path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
