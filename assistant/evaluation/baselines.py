"""The retrievers our pipeline is compared with, on the same embedder and the same questions.

(a) the textbook LangChain recipe: the raw decoded file, ``RecursiveCharacterTextSplitter``
(500/50), FAISS, top-k; (b) the same with a Chinese sentence-first splitter (250/50) in the style of
Langchain-Chatchat's ``ChineseRecursiveTextSplitter``; (c) BM25 alone and (d) dense search alone over
our clauses. A baseline returns ranked texts; a raw chunk is normalized the way the corpus is before
the evidence test, so the comparison does not penalize it for page furniture or ASCII punctuation.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from assistant.evaluation.metrics import Cited, normalized
from assistant.ingest.corpus import corpus_files, doc_id_for
from assistant.ingest.decode import read_document_text
from assistant.store.bundled import BundledVectors, write_bundle
from assistant.store.cache import EmbeddingCache, text_key
from assistant.store.embedder import ClauseEmbedder
from assistant.store.index import CACHE_DIR, LoadedIndex

BASELINE_BUNDLE = "baselines"  # the shipped vectors of the baselines' chunks (index/bundled/<embedder>-baselines.npz)
BASELINE_CACHE = "baselines"  # beside the index's own cache, which forgets text the corpus no longer has
CHINESE_SEPARATORS = ["[。！？]", "\n\n", "\n", "；", "，"]

Retrieve = Callable[[np.ndarray, str, int], list[Cited]]


@dataclass(frozen=True)
class Baseline:
    """A named retriever: (query vector, question, depth) → ranked (doc_id, text), texts normalized."""

    key: str
    label: str
    retrieve: Retrieve
    chunks: list[str]


@dataclass
class EmbeddingCost:
    """What embedding the baselines' chunks cost in this run (zero once the cache is warm)."""

    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0


def textbook_splitter(chunk_size: int = 500, chunk_overlap: int = 50):  # type: ignore[no-untyped-def]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)


def chinese_splitter(chunk_size: int = 250, chunk_overlap: int = 50):  # type: ignore[no-untyped-def]
    """Sentence-ending punctuation first, then paragraphs, lines, 。；，, punctuation kept at the end."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=CHINESE_SEPARATORS, is_separator_regex=True, keep_separator="end",
        chunk_size=chunk_size, chunk_overlap=chunk_overlap,
    )


def raw_texts(corpus_dir: Path) -> list[tuple[str, str]]:
    """Every corpus file as (doc_id, text), decoded and nothing else (what a user feeds a textbook pipeline)."""
    return [(doc_id_for(path.relative_to(corpus_dir).as_posix()), read_document_text(path))
            for path in corpus_files(corpus_dir)]


def chunk_baseline(key: str, label: str, chunks: list[Cited], embedder: ClauseEmbedder, cache_dir: Path,
                   cost: EmbeddingCost, bundled_dir: Path | None = None) -> Baseline:
    """Embed the chunks (through a cache and the shipped bundle) into an exact FAISS index; search returns
    normalized chunks."""
    vectors = _embed_cached(embedder, [text for _, text in chunks], cache_dir, cost, bundled_dir)
    index = faiss.IndexFlatIP(embedder.dim)
    index.add(vectors)
    shown = [(doc_id, normalized(text)) for doc_id, text in chunks]

    def retrieve(query: np.ndarray, question: str, depth: int) -> list[Cited]:
        _, rows = index.search(query.reshape(1, -1).astype(np.float32), min(depth, len(shown)))
        return [shown[row] for row in rows[0] if row >= 0]

    return Baseline(key=key, label=label, retrieve=retrieve, chunks=[text for _, text in shown])


def clause_baselines(index: LoadedIndex) -> list[Baseline]:
    """BM25 alone and dense alone over our clause chunks, a clause taking its best chunk's score."""
    store = index.store
    texts = [clause.text for clause in store.clauses]
    cited = [(clause.doc_id, clause.text) for clause in store.clauses]

    def ranked(chunk_scores: np.ndarray, depth: int) -> list[Cited]:
        best = np.full(len(texts), -np.inf)
        np.maximum.at(best, store.chunk_clause, chunk_scores.astype(np.float64))
        return [cited[row] for row in np.argsort(-best, kind="stable")[:depth]]

    def lexical(query: np.ndarray, question: str, depth: int) -> list[Cited]:
        return ranked(index.lexical.scores(question), depth)

    def dense(query: np.ndarray, question: str, depth: int) -> list[Cited]:
        return ranked(index.dense.scores(query), depth)

    return [
        Baseline(key="bm25", label="(c) BM25 only, our clauses", retrieve=lexical, chunks=texts),
        Baseline(key="dense", label="(d) dense only, our clauses", retrieve=dense, chunks=texts),
    ]


def baseline_chunks(corpus_dir: Path) -> tuple[list[Cited], list[Cited]]:
    """The textbook (500/50) and Chinese-sentence (250/50) chunks of every corpus file."""
    texts = raw_texts(corpus_dir)
    textbook = [(doc_id, chunk) for doc_id, text in texts for chunk in textbook_splitter().split_text(text)]
    chinese = [(doc_id, chunk) for doc_id, text in texts for chunk in chinese_splitter().split_text(text)]
    return textbook, chinese


def build_baselines(corpus_dir: Path, index_dir: Path, index: LoadedIndex, embedder: ClauseEmbedder,
                    bundled_dir: Path | None = None) -> tuple[list[Baseline], EmbeddingCost]:
    """All four baselines, ready to search."""
    cache_dir = index_dir / CACHE_DIR / BASELINE_CACHE
    cost = EmbeddingCost()
    textbook, chinese = baseline_chunks(corpus_dir)
    baselines = [
        chunk_baseline("langchain", "(a) LangChain recursive 500/50 + FAISS", textbook, embedder, cache_dir, cost,
                       bundled_dir),
        chunk_baseline("chinese", "(b) Chinese sentence splitter 250/50 + FAISS", chinese, embedder, cache_dir, cost,
                       bundled_dir),
        *clause_baselines(index),
    ]
    return baselines, cost


def _embed_cached(embedder: ClauseEmbedder, texts: list[str], cache_dir: Path, cost: EmbeddingCost,
                  bundled_dir: Path | None) -> np.ndarray:
    cache = EmbeddingCache(cache_dir, embedder.identity, embedder.dim)
    keys = [text_key(embedder.identity, text) for text in texts]
    missing = [row for row, vector in enumerate(cache.lookup(keys)) if vector is None]
    if missing and bundled_dir is not None:  # a fresh clone takes the shipped vectors instead of embedding
        shipped = BundledVectors(bundled_dir, embedder.identity, embedder.dim, BASELINE_BUNDLE)
        found = [(row, vector) for row, vector in zip(missing, shipped.lookup([keys[row] for row in missing]))
                 if vector is not None]
        if found:
            cache.store([keys[row] for row, _ in found], np.stack([vector for _, vector in found]))
        missing = sorted(set(missing) - {row for row, _ in found})
    started = time.perf_counter()
    for start in range(0, len(missing), 32):
        rows = missing[start:start + 32]
        cache.store([keys[row] for row in rows], embedder.passages([texts[row] for row in rows]))
    cost.chunks += len(texts)
    cost.embedded += len(missing)
    cost.seconds += time.perf_counter() - started
    vectors = np.ascontiguousarray(cache.matrix(keys), dtype=np.float32)
    cache.close()
    return vectors


def bundle_baseline_vectors(corpus_dir: Path, index_dir: Path, bundled_dir: Path,
                            embedder: ClauseEmbedder) -> tuple[Path, int] | None:
    """Ship the baselines' chunk vectors beside the index's (after an `eval` filled their cache), so that a
    fresh clone's `eval` and CI embed nothing; None when the cache does not hold them all yet."""
    textbook, chinese = baseline_chunks(corpus_dir)
    keys = sorted({text_key(embedder.identity, text) for _, text in textbook + chinese})
    cache = EmbeddingCache(index_dir / CACHE_DIR / BASELINE_CACHE, embedder.identity, embedder.dim)
    try:
        if any(vector is None for vector in cache.lookup(keys)):
            return None
        matrix = cache.matrix(keys)
    finally:
        cache.close()
    return write_bundle(bundled_dir, embedder.identity, keys, matrix, BASELINE_BUNDLE), len(keys)
