"""The journal of a library change in progress (add, remove, replace): what to undo if the process dies.

A change is committed when its journal is deleted, and that happens only after the new index is live.
Before that, ``corpus/.add-journal.json`` names the files being copied in, holds the bytes of the files
being taken out and the corpus manifest as it was, so whoever finds the journal (the next start, or the
failing change itself) deletes the new files, puts the old ones back and restores the manifest: the
corpus is always the old one or the new one, never half. (The file keeps the name it had when only
`add` wrote it, so a library left by an older version is still recovered.)

The journal is one small JSON file replaced atomically (durable.write_bytes), not a SQLite table:
the files it protects live outside any database, so a transaction there would add nothing.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.store.durable import make_dir, remove, write_bytes

JOURNAL_NAME = ".add-journal.json"

_active: set[Path] = set()


@contextmanager
def pending_add(corpus_dir: Path, files: list[str], manifest_path: Path) -> Iterator[None]:
    """Journal an add of ``files`` (corpus-relative) before anything is written; undo it on any failure."""
    with pending_change(corpus_dir, files, [], manifest_path):
        yield


@contextmanager
def pending_change(corpus_dir: Path, added: list[str], removed: list[str], manifest_path: Path) -> Iterator[None]:
    """Journal a change before anything is written: ``added`` files to delete and ``removed`` ones to restore on undo.

    The removed files' bytes go into the journal itself, so they exist somewhere durable until the commit.
    """
    before = manifest_path.read_bytes() if manifest_path.exists() else None
    record = {
        "files": added,
        "removed": {relative: _encode((corpus_dir / relative).read_bytes()) for relative in removed},
        "manifest": manifest_path.name,
        "manifest_before": None if before is None else _encode(before),
    }
    journal = corpus_dir / JOURNAL_NAME
    write_bytes(journal, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    key = corpus_dir.resolve()
    _active.add(key)
    try:
        yield
    except BaseException:
        _roll_back(corpus_dir, record)
        raise
    else:
        remove(journal)
    finally:
        _active.discard(key)


def recover_corpus(corpus_dir: Path) -> list[str]:
    """Roll back a change that a killed process left half done; what was undone, for the user."""
    journal = corpus_dir / JOURNAL_NAME
    if corpus_dir.resolve() in _active or not journal.exists():
        return []
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except ValueError:  # a journal is written atomically, so a damaged one was never acted on
        remove(journal)
        return [f"removed an unreadable add journal {journal}"]
    _roll_back(corpus_dir, record)
    files = ", ".join(record["files"])
    restored = ", ".join(record.get("removed", {}))
    if restored:
        return [f"上次文库修改未完成，已撤销 (an interrupted remove/replace was rolled back): the previous {restored} "
                "is back" + (f" (the new {files} taken out)" if files else "")]
    return [f"上次 add 未完成，已撤销 (an interrupted add was rolled back): {files}"]


def _encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _roll_back(corpus_dir: Path, record: dict) -> None:
    for relative in record["files"]:  # first, so the space they took is free for what comes back
        remove(corpus_dir / relative)
    for relative, data in record.get("removed", {}).items():
        make_dir((corpus_dir / relative).parent)
        write_bytes(corpus_dir / relative, base64.b64decode(data))
    manifest = corpus_dir / record["manifest"]
    if record["manifest_before"] is None:
        remove(manifest)
    else:
        write_bytes(manifest, base64.b64decode(record["manifest_before"]))
    remove(corpus_dir / JOURNAL_NAME)
