"""Index generations: each build in its own folder, ``index/store`` a link switched atomically.

Crash safety: each build goes to its own generation folder ``index/store.<ns>``; its files are
fsynced and its manifest written last, so a generation with a manifest is complete. ``index/store``
is a symlink to the live generation, replaced by one atomic ``os.replace`` of a new symlink: at every
instant a restart finds a complete old or a complete new index, never neither. Readers resolve the
link once and read every file from that folder, so a swap never mixes two builds; the previous
generation is kept until the next build so a reader that resolved just before a swap can finish.
Start-up recovery (``recover``) rolls back an interrupted add, deletes temporary files and unfinished
generations, and re-points a missing link (an index from before this scheme) at the newest complete one.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from assistant.settings import Settings
from assistant.store.backends import configured_backend
from assistant.store.durable import fsync_path, remove, remove_temporaries, writer_lock
from assistant.store.journal import recover_corpus

STORE_DIR = "store"


def generations(index_dir: Path) -> list[Path]:
    """Build folders, oldest first (legacy names store.old / store.building sort before numbered ones)."""
    folders = [path for path in index_dir.glob(f"{STORE_DIR}.*") if path.is_dir() and not path.is_symlink()]
    return sorted(folders, key=lambda path: (path.suffix[1:].isdigit(), path.name))


def point_at(index_dir: Path, generation: Path) -> None:
    """Make ``index/store`` name ``generation`` in one atomic step."""
    link = index_dir / STORE_DIR
    if link.is_dir() and not link.is_symlink():  # an index from before generations: becomes one
        os.replace(link, index_dir / f"{STORE_DIR}.{0:020d}")
        fsync_path(index_dir)
    temporary = index_dir / f".{STORE_DIR}.link.tmp"
    remove(temporary)
    os.symlink(generation.name, temporary)
    os.replace(temporary, link)
    fsync_path(index_dir)


def live_generation(index_dir: Path) -> Path | None:
    """The folder ``index/store`` names, spelled like ``_generations`` spells it; None if it is not complete."""
    link = index_dir / STORE_DIR
    return index_dir / Path(os.readlink(link)).name if link.is_symlink() and (link / "manifest.json").exists() else None


def drop_old_generations(settings: Settings) -> None:
    """Keep the live generation and the one before it (a reader may still be loading it), with their collections."""
    index_dir = settings.index_dir
    live = live_generation(index_dir)
    complete = [path for path in generations(index_dir) if (path / "manifest.json").exists()]
    position = complete.index(live) if live in complete else 0
    keep = {live, *complete[max(position - 1, 0):position]}
    for path in generations(index_dir):
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)
    configured_backend(settings).drop_unused([path / "manifest.json" for path in keep if path is not None])


def discard_unfinished(index_dir: Path) -> list[str]:
    """Delete builds that never got their manifest (killed, or out of disk space); their names."""
    live = live_generation(index_dir)
    dropped = []
    for path in generations(index_dir):
        if path != live and not (path / "manifest.json").exists():
            shutil.rmtree(path, ignore_errors=True)
            dropped.append(path.name)
    return dropped


def recover(settings: Settings) -> list[str]:
    """Bring corpus/ and index/ back to a complete state after a crash; say on stderr what was done."""
    index_dir = settings.index_dir
    with writer_lock(index_dir):
        notes = recover_corpus(settings.corpus_dir)
        notes += [f"removed a half-written file {path}" for path in remove_temporaries(settings.corpus_dir)]
        notes += [f"removed a half-written file {path}" for path in remove_temporaries(index_dir)]
        link = index_dir / STORE_DIR
        live = live_generation(index_dir)
        notes += [f"removed an unfinished index build {name}" for name in discard_unfinished(index_dir)]
        if live is None and not (link.is_dir() and not link.is_symlink()):
            complete = [path for path in generations(index_dir) if (path / "manifest.json").exists()]
            if complete:
                point_at(index_dir, complete[-1])
                notes.append(f"the index link was missing; now points at the last complete build {complete[-1].name}")
            elif link.is_symlink():
                remove(link)
    for note in notes:
        print(f"恢复 recovery: {note}", file=sys.stderr)
    return notes
