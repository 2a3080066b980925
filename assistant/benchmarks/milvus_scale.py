"""Milvus Lite at 10k–100k chunks: insert rate, dense and BM25 search latency, recall@10 against exact.

The same synthetic vectors as the FAISS scale run (``scale.synthetic``) and real clause texts from the
bundled corpus, cycled, for BM25. Collections are written through the product's own
``milvus.write_collection`` into a scratch Milvus Lite folder, so the figures describe
``ASSISTANT_VECTOR_STORE=milvus`` on this machine; a Milvus cluster is not measured here.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.benchmarks.scale import QUERIES, TOP, synthetic
from assistant.settings import Settings

SEARCHES = 50  # Milvus Lite answers in tens of milliseconds: fewer questions than the FAISS run keep it short


def run_milvus_scale(sizes: list[int], texts: list[str]) -> None:
    """Print one line per size and dense index type."""
    from assistant.store import milvus

    print(f"Milvus Lite scale: synthetic {384}-d vectors, real clause texts cycled for BM25, "
          f"{SEARCHES} questions one at a time")
    print(f"  {'chunks':>9}  {'index':<6} {'insert s':>9} {'rows/s':>8} {'dense p50 ms':>12} {'BM25 p50 ms':>11} "
          f"{'recall@10':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(index_dir=Path(scratch), vector_store="milvus", milvus_collection="bench", candidates=50)
        client = milvus.connect(settings)
        for size in sorted(sizes):
            vectors, queries = synthetic(size, QUERIES)
            queries = queries[:SEARCHES]
            truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :TOP]
            corpus_texts = [f"{texts[row % len(texts)]}（{row}）" for row in range(size)]
            doc_ids = [f"doc{row // 50}" for row in range(size)]
            for kind in ("flat", "hnsw"):
                name = f"bench_{kind}_{size}"
                started = time.perf_counter()
                description = milvus.write_collection(settings, name, doc_ids, corpus_texts, vectors, kind)
                insert = time.perf_counter() - started
                dense, lexical = milvus.open_collection(settings, description, size, frozenset())
                dense_ms, found = _timed(dense.scores, list(queries))
                lexical_ms, _ = _timed(lexical.scores, [text[:30] for text in texts[:SEARCHES]])
                recall = float(np.mean([len(set(f) & set(t)) / TOP for f, t in zip(found, truth)]))
                print(f"  {size:>9,}  {kind:<6} {insert:>9.1f} {size / insert:>8.0f} {dense_ms:>12.1f} {lexical_ms:>11.1f} "
                      f"{recall:>9.3f}", flush=True)
                client.drop_collection(name)


def _timed(search: Callable[[Any], np.ndarray], queries: list[Any]) -> tuple[float, np.ndarray]:
    """p50 milliseconds of one search at a time, and each search's top rows."""
    seconds, found = [], np.empty((len(queries), TOP), dtype=np.int64)
    for row, query in enumerate(queries):
        started = time.perf_counter()
        scores = search(query)
        seconds.append(time.perf_counter() - started)
        found[row] = np.argsort(-scores, kind="stable")[:TOP]
    return sorted(seconds)[len(seconds) // 2] * 1000, found
