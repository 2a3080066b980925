"""Vectors of the bundled corpus shipped beside the code, so a fresh clone embeds only text that changed.

One read-only file per embedder in ``index/bundled/`` (named by the hash of the embedder's identity,
as the cache is), holding the cache keys (SHA-256 of identity and chunk text) and their vectors.
A build takes from it whatever its own cache lacks; ``python -m assistant index --bundle`` rewrites it
after the bundled corpus or the chunking changes (a test fails when it no longer covers the corpus).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np

from assistant.store.durable import make_dir, write_bytes


def bundle_path(folder: Path, identity: str, kind: str = "") -> Path:
    """Where the bundled vectors of this embedder live; ``kind`` names another set (the eval baselines' chunks)."""
    name = hashlib.sha1(identity.encode('utf-8')).hexdigest()[:12]
    return folder / f"{name}{'-' + kind if kind else ''}.npz"


class BundledVectors:
    """Shipped vectors looked up by cache key; empty when nothing was shipped for this embedder."""

    def __init__(self, folder: Path, identity: str, dim: int, kind: str = "") -> None:
        self._rows: dict[str, int] = {}
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        path = bundle_path(folder, identity, kind)
        if not path.is_file():
            return
        try:
            with np.load(path, allow_pickle=False) as data:
                keys, vectors, shipped_identity = data["keys"], data["vectors"], str(data["identity"])
        except (OSError, ValueError, KeyError):
            return  # a damaged bundle only costs embedding time
        if shipped_identity == identity and vectors.ndim == 2 and vectors.shape == (len(keys), dim):
            self._rows = {key.decode("ascii"): row for row, key in enumerate(keys)}
            self._vectors = vectors.astype(np.float32, copy=False)

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, keys: list[str]) -> list[np.ndarray | None]:
        return [self._vectors[row] if (row := self._rows.get(key)) is not None else None for key in keys]


def write_bundle(folder: Path, identity: str, keys: list[str], vectors: np.ndarray, kind: str = "") -> Path:
    """Replace this embedder's bundle with ``keys`` and their ``vectors`` (sorted by key, so rewrites diff small)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    make_dir(folder)
    path = bundle_path(folder, identity, kind)
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.array([keys[row].encode("ascii") for row in order], dtype="S64"),
             vectors=np.ascontiguousarray(vectors[order], dtype=np.float32), identity=np.array(identity))
    write_bytes(path, buffer.getvalue())
    return path
