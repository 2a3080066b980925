"""Builds the pieces once from settings; the CLI (and later the API and UI) ask through it."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from assistant.answerer import Answerer
from assistant.errors import IndexNotReadyError, InvalidInputError
from assistant.generation import build_answerer
from assistant.models import Answer
from assistant.retriever import HybridSearcher
from assistant.settings import Settings
from assistant.store.embedder import ClauseEmbedder, build_embedder
from assistant.store.index import BuildReport, LoadedIndex, build_index, index_state, load_index


@dataclass
class Assistant:
    """A loaded index with its embedder, searcher and answerer."""

    settings: Settings
    embedder: ClauseEmbedder
    index: LoadedIndex
    searcher: HybridSearcher
    answerer: Answerer

    def ask(self, question: str, k: int | None = None) -> Answer:
        """Answer one question; an over-long question is cut to the configured length, with a warning."""
        cleaned = (question or "").strip()
        if not cleaned:
            raise InvalidInputError("the question is empty")
        k = k or self.settings.k
        if not 1 <= k <= 50:
            raise InvalidInputError(f"k must be between 1 and 50, got {k}")
        warnings = []
        limit = self.settings.max_question_chars
        if len(cleaned) > limit:
            warnings.append(f"问题过长（{len(cleaned)} 字），只按前 {limit} 字检索。")
            cleaned = cleaned[:limit]
        result = self.searcher.search(cleaned, k)
        return self.answerer.answer(question, result, warnings)


def ensure_index(settings: Settings, embedder: ClauseEmbedder, progress: bool = True) -> BuildReport | None:
    """Build the index when it is missing or older than the corpus; None when it was current."""
    state = index_state(settings)
    if state == "current":
        return None
    if progress:
        reason = "没有索引" if state == "missing" else "语料或解析程序已变化"
        print(f"正在建立索引（{reason}）… building the index", file=sys.stderr)
    return build_index(settings, embedder, progress=progress)


def open_assistant(settings: Settings | None = None, progress: bool = True) -> Assistant:
    """Load (building first if needed) everything a question needs."""
    settings = settings or Settings()
    embedder = build_embedder(settings)
    ensure_index(settings, embedder, progress=progress)
    try:
        index = load_index(settings)
    except IndexNotReadyError as problem:  # damaged files: never answer from them, rebuild from the corpus
        print(f"索引无法使用，正在从语料重建：{problem}", file=sys.stderr)
        build_index(settings, embedder, progress=progress)
        index = load_index(settings)
    searcher = HybridSearcher(index, embedder, settings)
    answerer = build_answerer(index.store.documents, settings)
    return Assistant(settings=settings, embedder=embedder, index=index, searcher=searcher, answerer=answerer)
