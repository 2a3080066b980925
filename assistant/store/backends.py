"""Where a build's dense and lexical search live, chosen by ``ASSISTANT_VECTOR_STORE``.

``faiss`` (the default): a FAISS file and a bm25s folder inside the build folder, embedded in the
process. ``milvus``: a collection in Milvus Lite or on a Milvus cluster, for corpora that outgrow
one machine. The retriever sees the same two small interfaces either way.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.settings import Settings
from assistant.store.lexical import LexicalIndex
from assistant.store.tokenize import tokenize
from assistant.store.vectors import DenseIndex, dense_kind

CLAUSE_FILES = {"documents.json", "clauses.jsonl", "chunks.jsonl"}
_FAISS_FILE = "dense.faiss"
_VOCABULARY_FILE = "vocabulary.txt"


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


def required_files(manifest: dict[str, Any]) -> set[str]:
    """Files a complete build of this backend has, besides the manifest."""
    if manifest.get("vector_store", {}).get("kind") == "milvus":
        return CLAUSE_FILES | {_VOCABULARY_FILE}
    return CLAUSE_FILES | {_FAISS_FILE}


def check_store(settings: Settings) -> None:
    """Fail before the embedding, not after it, when the configured Milvus cannot be reached."""
    if settings.vector_store == "milvus":
        from assistant.store import milvus

        milvus.connect(settings)


def write_search(settings: Settings, staging: Path, doc_ids: Sequence[str], texts: Sequence[str],
                 vectors: np.ndarray) -> dict[str, Any]:
    """Index the chunks for dense and lexical search; returns the manifest's description of it."""
    kind = dense_kind(settings.dense_index, len(vectors))
    if settings.vector_store == "milvus":
        from assistant.store import milvus

        vocabulary = sorted({token for text in texts for token in tokenize(text)})
        (staging / _VOCABULARY_FILE).write_text("\n".join(vocabulary), encoding="utf-8")
        return milvus.write_collection(settings, milvus.collection_for(settings, staging), doc_ids, texts, vectors, kind)
    dense = DenseIndex.build(vectors, kind)
    dense.save(staging / _FAISS_FILE)
    LexicalIndex.build(list(texts)).save(staging / "lexical")
    return {"kind": "faiss", "dense_index": {"setting": settings.dense_index, **dense.describe()}}


def open_search(settings: Settings, folder: Path, manifest: dict[str, Any],
                chunk_count: int) -> tuple[DenseSearch, LexicalSearch]:
    """The search parts of a loaded build, as its manifest describes them."""
    description = manifest.get("vector_store", {"kind": "faiss"})
    if description.get("kind") == "milvus":
        from assistant.store import milvus

        vocabulary = frozenset((folder / _VOCABULARY_FILE).read_text(encoding="utf-8").split("\n"))
        return milvus.open_collection(settings, description, chunk_count, vocabulary)
    return DenseIndex.load(folder / _FAISS_FILE), LexicalIndex.load(folder / "lexical")


def drop_unused_collections(settings: Settings, kept_manifests: list[Path]) -> list[str]:
    """With Milvus, drop the collections of builds that are gone (old, or killed before their manifest).

    A kept build whose manifest cannot be read keeps no collection: it is damaged and gets rebuilt."""
    if settings.vector_store != "milvus":
        return []
    from assistant.store import milvus

    kept = set()
    for path in kept_manifests:
        try:
            kept.add(json.loads(path.read_text(encoding="utf-8")).get("vector_store", {}).get("collection"))
        except (OSError, ValueError, AttributeError):
            continue
    return milvus.drop_collections_except(settings, {name for name in kept if name})
