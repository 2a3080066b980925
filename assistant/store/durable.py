"""Crash-safe writes and the single-writer lock shared by `add`, `index` and start-up recovery.

A file is never written in place: its bytes go to a hidden temporary file beside it, which is
fsynced and renamed over the target (os.replace is atomic on POSIX), and then the folder is fsynced
so the rename itself survives a power cut. A kill at any moment leaves the old file or the new one,
plus at worst a hidden ``.NAME.PID.tmp`` that recovery deletes (hidden, so never read as a document).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".write.lock"

_thread_lock = threading.RLock()
_depth = 0


def temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a folder's entries, to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def make_dir(folder: Path) -> None:
    """Create a folder (and parents) so that its entry survives a power cut."""
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        fsync_path(created.parent)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: temp file, fsync, rename, fsync the folder."""
    temporary = temporary_path(path)
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:  # a full disk: leave no half file taking the space the rollback needs
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
    fsync_path(path.parent)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def remove(path: Path) -> None:
    """Delete a file if present, durably."""
    if path.exists() or path.is_symlink():
        path.unlink()
        fsync_path(path.parent)


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a killed writer left anywhere under ``folder``."""
    if not folder.is_dir():
        return []
    left = [path for path in folder.rglob(f".*{TEMP_SUFFIX}") if path.is_file() or path.is_symlink()]
    for path in left:
        remove(path)
    return left


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time, across processes and threads; re-entrant within the holding thread.

    flock is released by the kernel when its holder dies, so a SIGKILLed `add` never leaves a stale lock.
    """
    global _depth
    with _thread_lock:
        if _depth:
            _depth += 1
            try:
                yield
            finally:
                _depth -= 1
            return
        make_dir(index_dir)
        descriptor = os.open(index_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            _depth = 1
            try:
                yield
            finally:
                _depth = 0
        finally:
            os.close(descriptor)
