"""Approximate FAISS indexes (HNSW, IVF) against exact search, on the real chunk vectors and eval questions."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.evaluation import load_questions
from assistant.settings import Settings
from assistant.store.base import AUTO_APPROXIMATE_FROM, dense_kind
from assistant.store.faiss import DenseIndex
from assistant.store.generations import STORE_DIR
from assistant.store.index import build_index, load_index

from .conftest import ROOT

# Top hit of the approximate index equals the exact one on at least this share of the eval questions.
TOP_HIT_AGREEMENT = 0.97


@pytest.fixture(scope="module")
def vectors_and_queries(assistant):  # type: ignore[no-untyped-def]  # noqa: ANN001
    exact = assistant.index.dense
    vectors = exact.faiss_index.reconstruct_n(0, exact.size)
    queries = np.stack([assistant.embedder.query(q.question) for q in load_questions(ROOT / "eval" / "questions.jsonl")])
    return exact, vectors, queries


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_index_finds_the_exact_top_hit(vectors_and_queries, kind: str) -> None:  # noqa: ANN001
    exact, vectors, queries = vectors_and_queries
    approximate = DenseIndex.build(vectors, kind)
    assert approximate.kind == kind and approximate.size == exact.size
    same = [int(np.argmax(approximate.scores(query)) == np.argmax(exact.scores(query))) for query in queries]
    assert np.mean(same) >= TOP_HIT_AGREEMENT, f"{kind}: top hit agrees on {np.mean(same):.3f}"


def test_approximate_scores_keep_the_top_candidates_exact(vectors_and_queries) -> None:  # noqa: ANN001
    exact, vectors, queries = vectors_and_queries
    approximate = DenseIndex.build(vectors, "hnsw")
    scores, truth = approximate.scores(queries[0]), exact.scores(queries[0])
    best = int(np.argmax(scores))
    assert scores[best] == pytest.approx(truth[best], abs=1e-5)
    assert (scores > -1.0).sum() <= 256


def test_auto_switches_to_hnsw_at_the_threshold() -> None:
    assert dense_kind("auto", AUTO_APPROXIMATE_FROM - 1) == "flat"
    assert dense_kind("auto", AUTO_APPROXIMATE_FROM) == "hnsw"
    assert dense_kind("ivf", 10) == "ivf"
    with pytest.raises(ValueError, match="unknown dense index type"):
        dense_kind("annoy", 10)


def test_forced_index_type_is_built_recorded_and_reloaded(corpus_copy: Settings) -> None:
    settings = corpus_copy.model_copy(update={"dense_index": "ivf"})
    from assistant.store.embedder import build_embedder

    build_index(settings, build_embedder(settings), progress=False)
    manifest = json.loads((settings.index_dir / STORE_DIR / "manifest.json").read_text("utf-8"))
    described = manifest["vector_store"]["dense_index"]
    assert described["setting"] == "ivf" and described["kind"] == "ivf"
    assert described["lists"] >= 8
    loaded = load_index(settings)
    assert loaded.dense.kind == "ivf" and loaded.dense.size == manifest["counts"]["chunks"]


def test_embedding_cache_survives_a_text_repeated_in_one_batch(tmp_path) -> None:  # noqa: ANN001
    from assistant.store.cache import EmbeddingCache

    cache = EmbeddingCache(tmp_path, "fake", 4)
    vectors = np.eye(4, dtype=np.float32)[:3]
    cache.store(["a", "b", "a"], vectors)
    cache.close()
    reloaded = EmbeddingCache(tmp_path, "fake", 4)
    assert len(reloaded) == 2
    assert np.array_equal(reloaded.lookup(["b"])[0], vectors[1])


def test_baseline_vectors_come_back_from_a_cold_and_then_a_warm_cache(tmp_path) -> None:  # noqa: ANN001
    from assistant.evaluation.baselines import EmbeddingCost, _embed_cached

    class CountingEmbedder:  # deterministic stand-in: only the cache is under test here
        identity, dim, calls = "counting", 4, 0

        def passages(self, texts: list[str]) -> np.ndarray:
            self.calls += len(texts)
            return np.array([[len(text), 1, 0, 0] for text in texts], dtype=np.float32)

    embedder = CountingEmbedder()
    texts = ["一", "二二", "三三三"]
    cold, warm = EmbeddingCost(), EmbeddingCost()
    first = _embed_cached(embedder, texts, tmp_path, cold, None)  # type: ignore[arg-type]
    second = _embed_cached(embedder, texts, tmp_path, warm, None)  # type: ignore[arg-type]
    assert np.array_equal(first, second) and first[:, 0].tolist() == [1, 2, 3]
    assert (cold.embedded, warm.embedded, embedder.calls) == (3, 0, 3)
