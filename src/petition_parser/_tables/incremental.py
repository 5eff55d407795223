"""What an incremental load remembers of the files it read, and which files are new.

A SQLite database and a Parquet dataset remember each file they loaded: its absolute
path (as the system's bytes: exact for a name that is not UTF-8), size, modification
time and content digest.  A later load passes over a file whose size and time are
unchanged without opening it, and over one whose digest is unchanged (touched, copied
back) without parsing it; only the others are read.  Where the memory is kept (a
table, a manifest file) is the loader's business: this module only decides.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator

from .._format import read_bytes
from .._sources import Document, Item, is_index_page

__all__ = ["FileMemory", "Record", "digest"]

#: What is remembered of a file: its path (bytes), size, mtime (ns) and digest.
Record = tuple[bytes, int, int, str]


def digest(data: bytes) -> str:
    """A file's content digest (BLAKE2b, 128 bits): stable across processes and runs."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class FileMemory:
    """The files loaded before (``known``), and the records of those read now.

    ``fresh`` yields what to read; ``loaded(name)`` gives the record to remember once
    the snapshot read from ``name`` is loaded (a file that failed is not remembered,
    so that the next load reads it, and reports it, again); ``remembered`` holds the
    records of files remembered without a snapshot (index pages, touched files).

    A file whose content was loaded before is passed over unparsed: from the same path
    (touched, checked out again, copied back), or from another path.  Except, with
    ``copies_are_new``, a copy whose original is still there: a loader that keeps each
    file's rows (a Parquet dataset: ``source_path`` and all) reads it, as a clean write
    would.  A moved file (every path its content was loaded from gone: an archive
    moved or renamed) is passed over by both: its rows are in already.
    """

    def __init__(
        self, known: dict[bytes, tuple[int, int, str]], *, copies_are_new: bool = False
    ) -> None:
        self.known = known
        self.unchanged = 0
        self.remembered: list[Record] = []
        self._pending: dict[str, Record] = {}
        self._copies_are_new = copies_are_new
        self._paths_of: dict[str, list[bytes]] = {}
        for path, (_, _, content) in known.items():
            self._paths_of.setdefault(content, []).append(path)

    def _loaded_before(self, seen: tuple[int, int, str] | None, content: str) -> bool:
        """Whether a file's ``content`` is in already (``seen``: its path's record)."""
        if seen is not None and seen[2] == content:
            return True
        paths = self._paths_of.get(content)
        if not paths:
            return False
        return not self._copies_are_new or not any(os.path.lexists(p) for p in paths)

    def fresh(self, items: Iterable[Item], *, index_pages: bool = False) -> Iterator[Item]:
        """``items`` without the files loaded already: the others as documents, read once
        here (the digest is taken of the bytes that are parsed).  Files of the other
        kind (index pages, or with ``index_pages`` reports) are remembered unread."""
        for item in items:
            if not isinstance(item, str):
                yield item  # a parsed Petition, a document in memory, a source's error
                continue
            key = os.fsencode(os.path.abspath(item))
            try:
                stat = os.stat(item)
                seen = self.known.get(key)
                if seen is not None and seen[:2] == (stat.st_size, stat.st_mtime_ns):
                    self.unchanged += 1
                    continue
                data = read_bytes(item)
            except OSError:
                yield item  # reading it names the problem
                continue
            content = digest(data)
            record = (key, stat.st_size, stat.st_mtime_ns, content)
            if self._loaded_before(seen, content):
                # Only before: a twin read in this load could yet fail, and its copy
                # must then be read, and reported, too.
                self.unchanged += 1
                self.remembered.append(record)
                continue
            if is_index_page(data) != index_pages:  # nothing to load; not read again
                self.remembered.append(record)
                continue
            self._pending[item] = record
            yield Document(item, data)

    def loaded(self, name: str | None) -> Record | None:
        """The record of the file a loaded snapshot was read from (None: not a file)."""
        return None if name is None else self._pending.pop(name, None)
