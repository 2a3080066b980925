"""Dense search in FAISS (inner product over normalized vectors = cosine) and the embedding cache."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Collection
from pathlib import Path

import faiss
import numpy as np

from assistant.store.durable import make_dir

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

    def scores(self, query: np.ndarray, doc_ids: Collection[str] | None = None) -> np.ndarray:
        """Cosine of the query with every chunk, in chunk order (approximate: its top candidates only).

        ``doc_ids`` is for backends that filter at the source; here the caller masks the scores."""
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
    """Vectors of passages already embedded, keyed by text hash, so a rebuild embeds only new text.

    Kept in SQLite (one table, key → float32 blob) because it makes the cache crash-safe for free:
    each batch of new vectors is one transaction, so a build killed halfway keeps what it embedded,
    and keys and vectors can never get out of step (the former .npy + .keys.json pair needed two
    renames that a kill could separate). A cache in that former format is imported once.
    """

    _BATCH = 500

    def __init__(self, folder: Path, identity: str, dim: int) -> None:
        slug = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
        self._path = folder / f"{slug}.sqlite"
        self.identity = identity
        self.dim = dim
        make_dir(folder)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # a damaged cache only costs time: start empty
            for path in (self._path, self._path.with_name(self._path.name + "-journal")):
                path.unlink(missing_ok=True)
            self._db = self._open()
        self._import_legacy(folder / f"{slug}.npy", folder / f"{slug}.keys.json")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path)
        db.execute("PRAGMA synchronous=FULL")
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        db.execute("SELECT COUNT(*) FROM vectors").fetchone()
        return db

    def _import_legacy(self, vectors_path: Path, keys_path: Path) -> None:
        if not (vectors_path.exists() and keys_path.exists()):
            return
        try:
            keys = json.loads(keys_path.read_text(encoding="utf-8"))
            matrix = np.load(vectors_path, allow_pickle=False)
        except (OSError, ValueError):
            matrix, keys = None, []
        if matrix is not None and matrix.ndim == 2 and matrix.shape == (len(keys), self.dim):
            self.store(keys, matrix)
        vectors_path.unlink()
        keys_path.unlink()

    def lookup(self, keys: list[str]) -> list[np.ndarray | None]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), self._BATCH):
            batch = keys[start:start + self._BATCH]
            marks = ",".join("?" * len(batch))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self.dim,):
                    found[key] = vector
        return [found.get(key) for key in keys]

    def store(self, keys: list[str], vectors: np.ndarray) -> None:
        rows = [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in zip(keys, vectors)]
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)

    def keep_only(self, keys: set[str]) -> None:
        """Forget vectors of text no longer in the corpus, so the cache does not grow forever."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", [(key,) for key in keys])
            self._db.execute("DELETE FROM vectors WHERE key NOT IN (SELECT key FROM kept)")

    def close(self) -> None:
        """Everything is committed as it is stored; nothing to save, only the database to close."""
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
