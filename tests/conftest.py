"""Shared fixtures: the bundled corpus parsed once, and the real index opened once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest.corpus import load_corpus
from assistant.models import ParsedDocument
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def documents() -> dict[str, ParsedDocument]:
    loaded = load_corpus(CORPUS)
    assert not loaded.failures, loaded.failures
    return {document.meta.doc_id: document for document in loaded.documents}


@pytest.fixture(scope="session")
def assistant():  # type: ignore[no-untyped-def]
    from assistant.service.assistant import open_assistant

    return open_assistant(Settings(), progress=False)


@pytest.fixture(scope="session")
def milvus_assistant(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The same corpus indexed into Milvus Lite (a local folder), embeddings taken from the FAISS build's cache."""
    from assistant.service.assistant import open_assistant

    index = tmp_path_factory.mktemp("milvus") / "index"
    cache = ROOT / "index" / "cache"
    if cache.exists():
        shutil.copytree(cache, index / "cache")
    return open_assistant(Settings(index_dir=index, vector_store="milvus"), progress=False)


@pytest.fixture(params=["faiss", "milvus"])
def any_assistant(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The retrieval suite runs on both vector stores: FAISS + bm25s, and Milvus with its own BM25."""
    return request.getfixturevalue("assistant" if request.param == "faiss" else "milvus_assistant")


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Settings:
    """Settings pointing at a private copy of the corpus and of the embedding cache (fast rebuilds)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = tmp_path / "index"
    cache = ROOT / "index" / "cache"
    if cache.exists():
        shutil.copytree(cache, index / "cache")
    return Settings(corpus_dir=corpus, index_dir=index)
