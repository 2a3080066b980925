"""Dense search in FAISS (inner product over normalized vectors = cosine) and the embedding cache."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import faiss
import numpy as np

DENSE_KINDS = ("flat", "hnsw", "ivf")
# `auto` stays exact below this many chunks; above it, HNSW. Chosen from `python -m assistant bench` on 2 cores:
# exact search of 100k vectors costs 7.5 ms a question, HNSW 1.2 ms at recall@10 ≈ 0.97 (README, Figures).
AUTO_APPROXIMATE_FROM = 100_000
HNSW_NEIGHBORS = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128
IVF_MAX_LISTS = 1024
IVF_TRAIN_PER_LIST = 50
# An approximate index returns only its best candidates; the rest of the chunks score as unrelated.
APPROXIMATE_DEPTH = 256
UNRELATED = -1.0


def dense_kind(setting: str, size: int) -> str:
    """The index type a build uses: as configured, or for `auto` exact search until the corpus is large."""
    if setting == "auto":
        return "hnsw" if size >= AUTO_APPROXIMATE_FROM else "flat"
    if setting not in DENSE_KINDS:
        raise ValueError(f"unknown dense index type {setting!r}; use auto, {', '.join(DENSE_KINDS)}")
    return setting


def ivf_lists(size: int) -> int:
    """Inverted lists for IVF: about 4·√n, never so many that a list gets fewer than 39 training points."""
    return max(1, min(IVF_MAX_LISTS, int(4 * size ** 0.5), size // 39))


def ivf_probes(lists: int) -> int:
    """Lists searched per question: an eighth of them, at least 16, at most 128. e5 vectors crowd into a
    narrow cone, so fewer probes lose the top hit (on eval/: 8 of 33 lists keep it for 94 % of questions, 16 for 99 %)."""
    return min(lists, max(16, min(128, lists // 8)))


class DenseIndex:
    """Inner-product search over chunk vectors, exact (IndexFlatIP) or approximate (HNSW, IVF);
    saved with FAISS's own format, never pickled."""

    def __init__(self, index: faiss.Index, kind: str = "flat") -> None:
        self._index = index
        self.kind = kind
        self._tune()

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "flat", seed: int = 0) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if kind == "flat" or len(vectors) == 0:
            index: faiss.Index = faiss.IndexFlatIP(dim)
            kind = "flat"
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBORS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        elif kind == "ivf":
            lists = ivf_lists(len(vectors))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
            sample = min(len(vectors), lists * IVF_TRAIN_PER_LIST)
            rows = np.random.default_rng(seed).choice(len(vectors), size=sample, replace=False)
            index.train(vectors[np.sort(rows)])
        else:
            raise ValueError(f"unknown dense index type {kind!r}")
        if len(vectors):
            index.add(vectors)
        return cls(index, kind)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        index = faiss.read_index(str(path))
        kind = "hnsw" if isinstance(index, faiss.IndexHNSW) else "ivf" if isinstance(index, faiss.IndexIVF) else "flat"
        return cls(index, kind)

    def _tune(self) -> None:
        """Search effort is not a property of the saved file: set it on every build and load."""
        if self.kind == "hnsw":
            faiss.downcast_index(self._index).hnsw.efSearch = HNSW_EF_SEARCH
        elif self.kind == "ivf":
            ivf = faiss.extract_index_ivf(self._index)
            ivf.nprobe = ivf_probes(ivf.nlist)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def faiss_index(self) -> faiss.Index:
        return self._index

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def describe(self) -> dict[str, int | str]:
        """What the manifest records about this index."""
        if self.kind == "hnsw":
            hnsw = faiss.downcast_index(self._index).hnsw
            return {"kind": "hnsw", "neighbors": HNSW_NEIGHBORS, "ef_construction": hnsw.efConstruction,
                    "ef_search": hnsw.efSearch}
        if self.kind == "ivf":
            ivf = faiss.extract_index_ivf(self._index)
            return {"kind": "ivf", "lists": int(ivf.nlist), "probes": int(ivf.nprobe)}
        return {"kind": "flat"}

    def search(self, query: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``depth`` (scores, rows) for one query; rows of -1 mean fewer were found."""
        found, rows = self._index.search(query.reshape(1, -1).astype(np.float32), min(depth, self.size))
        return found[0], rows[0]

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every chunk, in chunk order (approximate: its top candidates only)."""
        if self.size == 0:
            return np.zeros(0, dtype=np.float32)
        depth = self.size if self.kind == "flat" else APPROXIMATE_DEPTH
        found, rows = self.search(query, depth)
        scores = np.full(self.size, UNRELATED, dtype=np.float32)
        kept = rows >= 0
        scores[rows[kept]] = found[kept]
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
        fresh: dict[str, np.ndarray] = {}
        for key, vector in zip(keys, vectors):
            if key not in self._rows:
                fresh.setdefault(key, vector)  # a text twice in one batch is one row, or the saved cache won't load
        if not fresh:
            return
        start = len(self._matrix)
        self._matrix = np.vstack([self._matrix, np.stack(list(fresh.values()))]).astype(np.float32)
        for offset, key in enumerate(fresh):
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
