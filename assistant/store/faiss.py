"""The default backend: dense search in FAISS (inner product over normalized vectors = cosine) and BM25
in bm25s, both files in the build folder, searched in the process."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from assistant.store.base import (
    APPROXIMATE_DEPTH,
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_NEIGHBORS,
    IVF_TRAIN_PER_LIST,
    UNRELATED,
    DenseSearch,
    LexicalSearch,
    SearchBackend,
    dense_kind,
    ivf_lists,
    ivf_probes,
)
from assistant.store.lexical import LexicalIndex

_FAISS_FILE = "dense.faiss"
_LEXICAL_FOLDER = "lexical"


def hnsw_graph(index: faiss.Index) -> Any:
    """The HNSW graph of an HNSW index, whose search and build effort are set on it (untyped in faiss's stubs)."""
    downcast: Any = faiss.downcast_index(index)
    return downcast.hnsw


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
            hnsw_graph(index).efConstruction = HNSW_EF_CONSTRUCTION
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
            hnsw_graph(self._index).efSearch = HNSW_EF_SEARCH
        elif self.kind == "ivf":
            ivf = faiss.extract_index_ivf(self._index)
            ivf.nprobe = ivf_probes(ivf.nlist)

    def save(self, path: Path) -> None:
        """FAISS's own format, written by Python so a full disk raises OSError (ENOSPC), not a bare RuntimeError."""
        path.write_bytes(faiss.serialize_index(self._index).tobytes())

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
            hnsw = hnsw_graph(self._index)
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
        """Cosine of the query with every chunk, in chunk order (exact when flat; HNSW, IVF: top candidates only).

        ``doc_ids`` is for backends that filter at the source; here the caller masks the scores."""
        if self.size == 0:
            return np.zeros(0, dtype=np.float32)
        if self.kind == "flat":
            return self._all_inner_products(query)
        found, rows = self.search(query, APPROXIMATE_DEPTH)
        scores = np.full(self.size, UNRELATED, dtype=np.float32)
        kept = rows >= 0
        scores[rows[kept]] = found[kept]
        return scores

    def _all_inner_products(self, query: np.ndarray) -> np.ndarray:
        """Every score of a flat index by FAISS's single-threaded kernel: a search for all rows would sort them
        all, and a threaded BLAS product leaves spinning threads that slow the next query embedding threefold."""
        flat: Any = faiss.downcast_index(self._index)
        kernels: Any = faiss  # the SWIG kernel is missing from faiss's type stubs
        vector = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        scores = np.empty(self.size, dtype=np.float32)
        kernels.fvec_inner_products_ny(kernels.swig_ptr(scores), kernels.swig_ptr(vector), flat.get_xb(), self.dim, self.size)
        return scores


class FaissBackend(SearchBackend):
    """A FAISS file and a bm25s folder inside the build folder."""

    name = "faiss"

    def files(self) -> set[str]:
        return {_FAISS_FILE}

    def write(self, staging: Path, doc_ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray) -> dict[str, Any]:
        dense = DenseIndex.build(vectors, dense_kind(self.settings.dense_index, len(vectors)))
        dense.save(staging / _FAISS_FILE)
        LexicalIndex.build(list(texts)).save(staging / _LEXICAL_FOLDER)
        return {"kind": self.name, "dense_index": {"setting": self.settings.dense_index, **dense.describe()}}

    def open(self, folder: Path, description: dict[str, Any], chunk_count: int) -> tuple[DenseSearch, LexicalSearch]:
        return DenseIndex.load(folder / _FAISS_FILE), LexicalIndex.load(folder / _LEXICAL_FOLDER)
