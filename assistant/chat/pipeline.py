"""What a conversation needs of the assembled assistant. ``service.Assistant`` is one (mypy checks it where
a conversation is started), so chat/ depends on this shape and not on the service above it."""

from __future__ import annotations

from typing import Protocol

from assistant.answer.answerer import Answerer
from assistant.legal.filters import SearchFilters
from assistant.legal.lookup import ArticleLookup
from assistant.models import Answer
from assistant.search.retriever import HybridSearcher
from assistant.settings import Settings
from assistant.store.embedder import ClauseEmbedder
from assistant.store.index import LoadedIndex


class Pipeline(Protocol):
    """The loaded index with its embedder, searcher, answerer and article lookup, and the whole ``ask``."""

    settings: Settings
    index: LoadedIndex
    embedder: ClauseEmbedder
    searcher: HybridSearcher
    answerer: Answerer
    lookup: ArticleLookup

    def ask(self, question: str, k: int | None = None, filters: SearchFilters | None = None,
            as_of: str | None = None) -> Answer: ...
