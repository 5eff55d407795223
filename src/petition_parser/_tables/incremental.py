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

    A file whose content was loaded before from the same path (touched, checked out
    again, copied back) is passed over unparsed.  With ``across_paths`` so is one whose
    content was loaded from another path (a copy, a moved archive): only for a loader
    that keeps one row per snapshot whichever file it came from (SQLite's natural
    keys).  A Parquet dataset keeps each file's rows, ``source_path`` and all, so there
    a copy is a new file, as a clean write reads it.
    """

    def __init__(
        self, known: dict[bytes, tuple[int, int, str]], *, across_paths: bool = False
    ) -> None:
        self.known = known
        self.unchanged = 0
        self.remembered: list[Record] = []
        self._pending: dict[str, Record] = {}
        self._digests = {record[2] for record in known.values()} if across_paths else set()

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
            if (seen is not None and seen[2] == content) or content in self._digests:
                # Touched, copied back (or, across paths, the same content elsewhere)
                # and loaded before.  (Only before: a twin read in this load could yet
                # fail, and its copy must then be read, and reported, too.)
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
