"""What every library change (add, remove, replace) shares: finding a document's file, naming a full disk.

A change that runs out of disk space is rolled back by its journal like any other failure; this turns
the bare OSError into an error that says what happened and that the library is as it was.
"""

from __future__ import annotations

import errno
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import DiskFullError, UnknownDocumentError
from assistant.ingest.corpus import corpus_files, doc_id_for

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_ATTACHMENT = re.compile(r"^(?P<main>.+)-att\d+$")


def document_file(corpus_dir: Path, doc_id: str) -> Path:
    """The corpus file whose document is ``doc_id``; UnknownDocumentError naming it when there is none.

    An attachment lives inside its main document's file, so it cannot be taken out alone.
    """
    files = {doc_id_for(path.name): path for path in corpus_files(corpus_dir)}
    if doc_id in files:
        return files[doc_id]
    attachment = _ATTACHMENT.match(doc_id)
    if attachment and attachment["main"] in files:
        raise UnknownDocumentError(doc_id, f"is an attachment inside the file of {attachment['main']}; "
                                           f"remove or replace {attachment['main']} instead")
    raise UnknownDocumentError(doc_id, "no document with this id in the corpus; list them with: python -m assistant list")


@contextmanager
def disk_full_named(what: str) -> Iterator[None]:
    """Re-raise a full disk (ENOSPC, EDQUOT) met while doing ``what`` as DiskFullError; other errors pass."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as error:
        full = error.errno in _NO_SPACE if isinstance(error, OSError) else "full" in str(error)  # SQLITE_FULL
        if not full:
            raise
        place = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
        raise DiskFullError(f"no space left on the disk{place} while {what}: the change was undone and the "
                            "library is as it was; free some space and try again") from error
