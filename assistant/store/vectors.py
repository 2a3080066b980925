"""Dense search in FAISS (inner product over normalized vectors = cosine) and the embedding cache."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    """Exact inner-product search over chunk vectors; saved with FAISS's own format, never pickled."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every chunk, in chunk order."""
        if self.size == 0:
            return np.zeros(0, dtype=np.float32)
        found, order = self._index.search(query.reshape(1, -1).astype(np.float32), self.size)
        scores = np.empty(self.size, dtype=np.float32)
        scores[order[0]] = found[0]
        return scores


def text_key(identity: str, text: str) -> str:
    """Cache key of a passage: the embedder and the exact text."""
    return hashlib.sha256(f"{identity}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors of passages already embedded, keyed by text hash, so a rebuild embeds only new text."""

    def __init__(self, folder: Path, identity: str, dim: int) -> None:
        slug = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
        self._vectors_path = folder / f"{slug}.npy"
        self._keys_path = folder / f"{slug}.keys.json"
        self.identity = identity
        self.dim = dim
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        if self._vectors_path.exists() and self._keys_path.exists():
            self._load()

    def _load(self) -> None:
        try:
            keys = json.loads(self._keys_path.read_text(encoding="utf-8"))
            matrix = np.load(self._vectors_path, allow_pickle=False)
        except (OSError, ValueError):
            return  # a damaged cache only costs time: start empty
        if matrix.ndim == 2 and matrix.shape == (len(keys), self.dim):
            self._matrix = matrix.astype(np.float32, copy=False)
            self._rows = {key: row for row, key in enumerate(keys)}

    def lookup(self, keys: list[str]) -> list[np.ndarray | None]:
        return [self._matrix[self._rows[key]] if key in self._rows else None for key in keys]

    def store(self, keys: list[str], vectors: np.ndarray) -> None:
        fresh = [(key, vector) for key, vector in zip(keys, vectors) if key not in self._rows]
        if not fresh:
            return
        start = len(self._matrix)
        self._matrix = np.vstack([self._matrix, np.stack([vector for _, vector in fresh])]).astype(np.float32)
        for offset, (key, _) in enumerate(fresh):
            self._rows[key] = start + offset

    def keep_only(self, keys: set[str]) -> None:
        """Forget vectors of text no longer in the corpus, so the cache does not grow forever."""
        kept = [key for key in self._rows if key in keys]
        self._matrix = self._matrix[[self._rows[key] for key in kept]] if kept else self._matrix[:0]
        self._rows = {key: row for row, key in enumerate(kept)}

    def save(self) -> None:
        self._vectors_path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._rows, key=self._rows.__getitem__)
        temporary_vectors = self._vectors_path.with_suffix(".tmp.npy")
        np.save(temporary_vectors, self._matrix, allow_pickle=False)
        temporary_keys = self._keys_path.with_suffix(".tmp")
        temporary_keys.write_text(json.dumps(keys), encoding="utf-8")
        os.replace(temporary_vectors, self._vectors_path)
        os.replace(temporary_keys, self._keys_path)

    def __len__(self) -> int:
        return len(self._rows)
