"""What every search backend provides, and the dense-index parameters they share.

A build's dense (vector) and lexical (BM25) search live in one backend, chosen by
``ASSISTANT_VECTOR_STORE`` through the registry in ``backends.py``: FAISS and bm25s files in the
build folder (``faiss.py``), or a Milvus collection (``milvus.py``). The retriever sees only the two
small search interfaces below, whichever backend answers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np

from assistant.settings import Settings

DENSE_KINDS = ("flat", "hnsw", "ivf")
# `auto` stays exact below this many chunks; above it, HNSW. Chosen from `python -m assistant bench` on 2 cores:
# exact search of 100k vectors costs 7.5 ms a question, HNSW 1.2 ms at recall@10 ≈ 0.97 (README, Figures).
AUTO_APPROXIMATE_FROM = 100_000
HNSW_NEIGHBORS = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 256
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


class DenseSearch(Protocol):
    """Cosine of a question vector with the chunks, in chunk order."""

    kind: str

    @property
    def size(self) -> int: ...

    def scores(self, query: np.ndarray, doc_ids: Collection[str] | None = None) -> np.ndarray: ...


class LexicalSearch(Protocol):
    """BM25 of a question with the chunks, in chunk order, and which question tokens the corpus knows."""

    @property
    def size(self) -> int: ...

    def scores(self, question: str, doc_ids: Collection[str] | None = None) -> np.ndarray: ...

    def known_tokens(self, tokens: list[str]) -> list[str]: ...


class SearchBackend(ABC):
    """Where one build's dense and lexical search are written, and how they are opened again."""

    name: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def check(self) -> None:
        """Fail before the embedding, not after it, when the store cannot be reached."""
        return None  # an in-process backend is always reachable

    @abstractmethod
    def files(self) -> set[str]:
        """Files of the build folder this backend needs, besides the clause files and the manifest."""

    @abstractmethod
    def write(self, staging: Path, doc_ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray) -> dict[str, Any]:
        """Index the chunks for dense and lexical search; returns the manifest's description of it."""

    @abstractmethod
    def open(self, folder: Path, description: dict[str, Any], chunk_count: int) -> tuple[DenseSearch, LexicalSearch]:
        """The search parts of a loaded build, as its manifest describes them."""

    def drop_unused(self, kept_manifests: list[Path]) -> list[str]:
        """Drop what builds no longer kept left in the store; returns what was dropped."""
        return []
