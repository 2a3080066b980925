"""Question → ranked clauses: dense (FAISS or Milvus) and lexical (BM25) rankings fused by reciprocal rank.

Scores are per chunk; a clause takes the best of its chunks. No answer logic lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.legal.filters import SearchFilters, allowed_documents, places_named
from assistant.legal.names import DocumentNameIndex
from assistant.legal.ranges import asked_values, covers
from assistant.models import Hit
from assistant.settings import Settings
from assistant.store.embedder import ClauseEmbedder
from assistant.store.index import LoadedIndex
from assistant.store.tokenize import legal_unit_tokens, tokenize


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits plus the signals the answerer uses to decide 'not found'."""

    hits: list[Hit]
    top_dense: float
    lexical_coverage: float
    query_tokens: list[str]


class HybridSearcher:
    """Dense + BM25 retrieval with weighted reciprocal-rank fusion."""

    def __init__(self, index: LoadedIndex, embedder: ClauseEmbedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        store = index.store
        self._names = DocumentNameIndex(store.documents.values())
        self._clause_docs = np.array([clause.doc_id for clause in store.clauses])
        self._clause_labels = np.array([clause.label for clause in store.clauses])
        self._clause_national = np.array([store.documents[clause.doc_id].level == "national" for clause in store.clauses])

    def search(self, question: str, k: int, query_vector: np.ndarray | None = None,
               filters: SearchFilters | None = None) -> SearchResult:
        store = self.index.store
        vector = self.embedder.query(question) if query_vector is None else query_vector
        allowed = allowed_documents(store.documents, filters) if filters is not None and filters.active else None
        dense = _best_per_clause(self.index.dense.scores(vector, allowed), store.chunk_clause, len(store.clauses))
        tokens = tokenize(question)
        lexical = _best_per_clause(self.index.lexical.scores(question, allowed), store.chunk_clause, len(store.clauses))
        fused = self._fuse(dense, lexical) + self._explicit_reference_bonus(question) + self._place_bonus(question)
        fused += self._range_bonus(question, fused)
        if allowed is not None:
            excluded = ~np.isin(self._clause_docs, sorted(allowed))
            fused[excluded], dense[excluded], lexical[excluded] = -np.inf, 0.0, 0.0
        order = np.argsort(-fused, kind="stable")[:k]
        order = self._keep_national(order[np.isfinite(fused[order])], fused, dense)
        dense_ranks = _ranks(dense)
        lexical_ranks = _ranks(lexical)
        hits = [
            Hit(
                clause=store.clauses[row], score=float(fused[row]), dense_score=float(dense[row]),
                lexical_score=float(lexical[row]), dense_rank=int(dense_ranks[row]),
                lexical_rank=int(lexical_ranks[row]) if lexical[row] > 0 else None,
            )
            for row in order
        ]
        known = set(self.index.lexical.known_tokens(tokens))
        coverage = len(known) / len(set(tokens)) if tokens else 0.0
        return SearchResult(hits=hits, top_dense=float(dense.max(initial=0.0)), lexical_coverage=coverage,
                            query_tokens=tokens)

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """Weighted reciprocal-rank fusion over each retriever's top candidates."""
        settings = self.settings
        fused = np.zeros_like(dense, dtype=np.float64)
        for scores, weight in ((dense, settings.dense_weight), (lexical, settings.lexical_weight)):
            if weight == 0:
                continue
            top = np.argsort(-scores, kind="stable")[: settings.candidates]
            top = top[scores[top] > 0]
            fused[top] += weight / (settings.rrf_k + np.arange(1, len(top) + 1))
        return fused

    def _first_place_vote(self) -> float:
        """What a retriever's first place adds in fusion: the unit of every bonus below."""
        return max(self.settings.dense_weight, self.settings.lexical_weight) / (self.settings.rrf_k + 1)

    def _place_bonus(self, question: str) -> np.ndarray:
        """A question naming a place (在沅江…) prefers its documents and demotes other places' local ones."""
        bonus = np.zeros(len(self._clause_docs), dtype=np.float64)
        named = places_named(question, self.index.store.documents)
        if named:
            vote = self._first_place_vote()
            in_place = np.isin(self._clause_docs, sorted(named))
            bonus[in_place] += vote
            bonus[~in_place & ~self._clause_national] -= vote
        return bonus

    def _range_bonus(self, question: str, fused: np.ndarray) -> np.ndarray:
        """A count or amount in the question (死了12个人) prefers candidates whose range holds it (10人以上30人以下).

        Only clauses either retriever already proposed are read, so the cost does not grow with the corpus.
        """
        bonus = np.zeros(len(fused), dtype=np.float64)
        values = asked_values(question)
        if values:
            clauses = self.index.store.clauses
            vote = self._first_place_vote()
            for row in np.flatnonzero(fused > 0):
                if covers(clauses[row].text, values):
                    bonus[row] = vote
        return bonus

    def _keep_national(self, order: np.ndarray, fused: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """Local clauses never crowd out the national law: when it answers too, its best clause stays cited."""
        if len(order) < 2 or self._clause_national[order].any():
            return order
        answering = self._clause_national & np.isfinite(fused) & (dense >= self.settings.dense_threshold())
        if not answering.any():
            return order
        best = int(np.flatnonzero(answering)[np.argmax(fused[answering])])
        return np.append(order[:-1], best)

    def _explicit_reference_bonus(self, question: str) -> np.ndarray:
        """A question that names a document (安全生产法) or one of its articles (第二十一条) means it.

        Clauses of a named document get one extra first-place vote; the named article of a named
        document gets three more, so an exact reference outranks every clause found by similarity.
        """
        bonus = np.zeros(len(self._clause_docs), dtype=np.float64)
        named = self._names.doc_ids(question)
        if not named:
            return bonus
        vote = self._first_place_vote()
        in_named = np.isin(self._clause_docs, named)
        articles = [token for token in legal_unit_tokens(question) if token.endswith("条")]
        bonus[in_named] += vote
        bonus[in_named & np.isin(self._clause_labels, articles)] += 3 * vote  # outranks a clause both retrievers put first
        return bonus


def _best_per_clause(chunk_scores: np.ndarray, chunk_clause: np.ndarray, clause_count: int) -> np.ndarray:
    best = np.full(clause_count, -np.inf if len(chunk_scores) else 0.0, dtype=np.float64)
    np.maximum.at(best, chunk_clause, chunk_scores.astype(np.float64))
    best[np.isneginf(best)] = 0.0
    return best


def _ranks(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


class ClauseRetriever(BaseRetriever):
    """LangChain retriever over the clause index, for use in runnables and chains."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    searcher: Any
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.searcher.search(query, self.k)
        documents = self.searcher.index.store.documents
        return [
            Document(
                page_content=hit.clause.text,
                metadata={
                    "clause_id": hit.clause.clause_id, "clause_label": hit.clause.label,
                    "doc_id": hit.clause.doc_id, "title": documents[hit.clause.doc_id].title,
                    "heading_path": list(hit.clause.heading_path), "score": hit.score,
                },
            )
            for hit in result.hits
        ]
