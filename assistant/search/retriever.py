"""Question → ranked clauses: dense (FAISS or Milvus, with 款/项 sub-views) and lexical (BM25, widened by
the statutes' words for everyday ones) rankings fused by reciprocal rank into a pool of candidates, which a
linear ranker over general features (search/features.py, fitted on dev: search/ranker.py) puts in order.

Before any scoring, the question's scope is applied: texts not in force (superseded, repealed, not yet in force) only
when named or asked about by date; a named law only; a named place's texts, its province's and national
ones only. Scores are per chunk; a clause takes the best of its chunks. No answer logic lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from assistant.legal.filters import SearchFilters, allowed_documents
from assistant.legal.force import force_rank
from assistant.legal.ranges import asked_values, covers
from assistant.models import Hit
from assistant.search.features import (
    ANSWER_DEPTH,
    FEATURES,
    RESTATEMENT_DEPTH,
    ClauseFacts,
    answer_features,
    candidate_features,
    rare_words_covered,
    share_held,
)
from assistant.search.question import AskedQuestion, QuestionReader
from assistant.search.ranker import Models, bundled_models
from assistant.settings import Settings
from assistant.store.embedder import ClauseEmbedder
from assistant.store.index import LoadedIndex
from assistant.text.places import region_units, within_or_above
from assistant.text.statuses import NOT_IN_FORCE

FUSION_DEPTH = 300  # each retriever's ranks that count in fusion
POOL = 100  # fused candidates the ranker orders
RESTATED_SHARE = 0.5  # an applicable clause holding most of the best clause's words restates it


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits plus the signals the answerer uses to decide 'not found'."""

    hits: list[Hit]
    top_dense: float
    lexical_coverage: float
    query_tokens: list[str]
    answerable: bool | None = None  # the answerability model's verdict; None where no model judged
    penalty_asked: bool = False  # a one-part question asking what the penalty is (怎么罚)


@dataclass
class Candidates:
    """The pool one question (or one part of it) ranks: clause rows and their features, best first."""

    rows: np.ndarray
    features: np.ndarray
    scores: np.ndarray  # the ranker's, one per row
    dense: np.ndarray  # per clause, over the allowed clauses
    lexical: np.ndarray


class HybridSearcher:
    """Scope, then dense + BM25 candidates, ordered by a fitted linear ranker."""

    def __init__(self, index: LoadedIndex, embedder: ClauseEmbedder, settings: Settings,
                 models: Models | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.models = models or bundled_models()
        store = index.store
        self.facts = ClauseFacts.of(store.documents, store.clauses,
                                    {doc_id: force_rank(meta.force) for doc_id, meta in store.documents.items()})
        self.reader = QuestionReader(store.documents, self.facts.national_words())
        self._doc_ids = np.array(self.facts.doc_ids)

    def search(self, question: str, k: int, query_vector: np.ndarray | None = None,
               filters: SearchFilters | None = None, region: str | None = None) -> SearchResult:
        """The k best clauses for ``question``; ``region`` is the asker's place, ``filters`` hard limits."""
        asked = self.reader.read(question, region)
        allowed = self.allowed(asked, filters)
        parties = self._parties(asked, filters) if asked.compares else []
        if len(parties) > 1:
            query_vector = self.embedder.query(asked.search_text) if query_vector is None else query_vector
            allowed = np.logical_or.reduce(parties)
        whole = self.candidates(asked, allowed, query_vector, max(k, self.settings.candidates))
        # a comparison's sides are each ranked on their own and taken in turns, so neither crowds out the other
        sides = [self.candidates(asked, party, query_vector, max(k, self.settings.candidates)) for party in parties
                 ] if len(parties) > 1 else [whole]
        rankings = [side.rows[np.argsort(-side.scores, kind="stable")] for side in sides]
        for segment in asked.segments if len(asked.segments) > 1 else ():
            part = self.candidates(self.reader.read(segment, region), allowed, None, max(k, self.settings.candidates))
            rankings.append(part.rows[np.argsort(-part.scores, kind="stable")])
        order = self._preferred_first(asked, whole, _interleave(rankings))[:k]
        return self._result(asked, whole, order)

    def _parties(self, asked: AskedQuestion, filters: SearchFilters | None) -> list[np.ndarray]:
        """The sides a comparison sets against each other, as document rows: each named text (with its other
        versions) and each named place's own texts (融安县规划说…，《生产安全事故应急条例》也是这么要求的吗？)."""
        documents = self.index.store.documents
        titles = dict.fromkeys(documents[doc_id].title for doc_id in asked.named_docs)
        parties = [self.allowed(replace(asked, named_docs=tuple(d for d in asked.named_docs if documents[d].title == title)),
                                filters) for title in titles]
        unnamed = self.allowed(replace(asked, named_docs=()), filters)
        local = ~self.facts.national
        for place in asked.place_units:
            own = np.array([within_or_above(region_units(documents[doc_id].region), list(place))
                            for doc_id in self.facts.doc_ids])
            if (mask := unnamed & local & own).any() and not any((mask & party).any() for party in parties):
                parties.append(mask)
        return parties

    def _preferred_first(self, asked: AskedQuestion, whole: Candidates, order: list[int]) -> list[int]:
        """Which texts answer first: with no place named, national law (a local text applies only in its place),
        and of it first what applies — the general law, or a special law whose subject is asked; with a place
        named, that place's own texts (what it asks is what applies there; scope already left only that place,
        its province and national law). Candidates within ``national_margin`` of the best score move ahead of
        the others, tier by tier; a named document needs no such preference."""
        if asked.named_docs or not len(whole.rows):
            return order
        national = self.facts.national[self.facts.doc_row]
        score_of = dict(zip(whole.rows.tolist(), whole.scores.tolist()))
        special_elsewhere = dict(zip(whole.rows.tolist(), whole.features[:, FEATURES.index("subject_absent")] > 0))
        applicable = {row for row in score_of if national[row] and not special_elsewhere[row]}
        tiers = [{row for row in score_of if not national[row]}] if asked.has_place else \
            [applicable, {row for row in score_of if national[row]} - applicable]
        cut = max(score_of.values()) - self.settings.national_margin
        ahead = [row for tier in tiers for row in order if row in tier and score_of[row] >= cut]
        moved = set(ahead)
        order = ahead + [row for row in order if row not in moved]
        return order if asked.has_place else self._restating_first(order, applicable)

    def _restating_first(self, order: list[int], applicable: set[int]) -> list[int]:
        """Where the best clause does not apply as asked (a special law whose subject the question never names,
        a local text where no place is named) and an applicable clause among the best candidates holds most of
        its words, the applicable one says the same for everyone asked about and answers first: 建筑法第四十六条
        says for builders what 安全生产法第二十八条 says for every trade."""
        if not order or order[0] in applicable:
            return order
        words = self.facts.token_ids[order[0]]
        for row in order[1:RESTATEMENT_DEPTH]:
            if row in applicable and share_held(words, self.facts.token_ids[row]) >= RESTATED_SHARE:
                return [row] + [other for other in order if other != row]
        return order

    def allowed(self, asked: AskedQuestion, filters: SearchFilters | None) -> np.ndarray:
        """Per document row: may it answer? Texts out of force only when named or asked about by date."""
        documents = self.index.store.documents
        permitted = allowed_documents(documents, filters) if filters is not None and filters.active else set(documents)
        dated = filters is not None and filters.as_of is not None
        named = set(asked.named_docs)
        named |= {meta.superseded_by or "" for doc_id, meta in documents.items() if doc_id in named}
        # an attachment is published with its cover document, which says who drafted it and why
        named |= {meta.part_of or "" for doc_id, meta in documents.items() if doc_id in asked.named_docs}
        named |= {self.index.store.clause(meta.repealed_by).doc_id for doc_id, meta in documents.items()  # type: ignore[union-attr]
                  if doc_id in asked.named_docs and meta.repealed_by and self.index.store.clause(meta.repealed_by)}
        successors = {meta.superseded_by for meta in documents.values() if meta.superseded_by}
        keep = []
        for doc_id in self.facts.doc_ids:
            meta = documents[doc_id]
            ok = doc_id in permitted
            if asked.earlier_version:  # the earlier version asked about, not the one that replaced it
                ok = ok and (meta.status == "superseded" or doc_id not in successors)
            else:
                ok = ok and (dated or doc_id in named or meta.status not in NOT_IN_FORCE)
            ok = ok and (not named or doc_id in named)
            ok = ok and (not asked.has_place or asked.allows_document(meta) or doc_id in named)
            keep.append(ok)
        return np.array(keep, dtype=bool)

    def candidates(self, asked: AskedQuestion, allowed: np.ndarray, query_vector: np.ndarray | None,
                   pool: int = POOL) -> Candidates:
        """Dense and lexical scores over the allowed clauses, fused; the best ``pool`` with features and scores."""
        store = self.index.store
        clause_allowed = allowed[self.facts.doc_row]
        vector = self.embedder.query(asked.search_text) if query_vector is None else query_vector
        doc_filter = set(self._doc_ids[allowed]) if not allowed.all() else None
        dense = _best_per_clause(self.index.dense.scores(vector, doc_filter), store.chunk_clause, len(store.clauses))
        lexical_query = " ".join((asked.search_text, *asked.legal_terms))
        lexical = _best_per_clause(self.index.lexical.scores(lexical_query, doc_filter), store.chunk_clause,
                                   len(store.clauses))
        dense[~clause_allowed], lexical[~clause_allowed] = 0.0, 0.0
        fused = _fuse(dense, lexical, clause_allowed, self.settings.rrf_k)
        rows = _best_rows(fused, pool)
        rows = rows[clause_allowed[rows]]
        features = candidate_features(asked, rows, dense, lexical, fused, self.facts, self._place_rows(asked),
                                      self._range_matches(asked, rows))
        return Candidates(rows=rows, features=features, scores=self.models.clause.score(features) if len(rows) else
                          np.zeros(0), dense=dense, lexical=lexical)

    def _place_rows(self, asked: AskedQuestion) -> np.ndarray | None:
        if not asked.has_place:
            return None
        documents = self.index.store.documents
        return np.array([asked.allows_document(documents[doc_id]) and documents[doc_id].level != "national"
                         for doc_id in self.facts.doc_ids])

    def _range_matches(self, asked: AskedQuestion, rows: np.ndarray) -> np.ndarray:
        """A count or amount in the question (死了12个人) held by a clause's range (10人以上30人以下)."""
        values = asked_values(asked.text)
        if not values:
            return np.zeros(len(rows), dtype=bool)
        clauses = self.index.store.clauses
        return np.array([covers(clauses[row].text, values) for row in rows], dtype=bool)

    def _result(self, asked: AskedQuestion, whole: Candidates, order: list[int]) -> SearchResult:
        store = self.index.store
        dense, lexical = whole.dense, whole.lexical
        score_of = dict(zip(whole.rows.tolist(), whole.scores.tolist()))
        lowest = min(score_of.values(), default=0.0)  # a clause only one part of the question found
        hits = [
            Hit(clause=store.clauses[row], score=float(score_of.get(row, lowest)), dense_score=float(dense[row]),
                lexical_score=float(lexical[row]), dense_rank=_rank_of(dense, row),
                lexical_rank=_rank_of(lexical, row) if lexical[row] > 0 else None)
            for row in order
        ]
        tokens = list(asked.tokens)
        known = set(self.index.lexical.known_tokens(tokens))
        coverage = len(known) / len(set(tokens)) if tokens else 0.0
        top_dense = float(dense.max(initial=0.0))
        judged = self.models.answerable.score(self.answer_row(asked, whole, top_dense, coverage))[0]
        return SearchResult(hits=hits, top_dense=top_dense, lexical_coverage=coverage, query_tokens=tokens,
                            answerable=bool(judged >= self.models.answerable.threshold)
                            and not self.asks_unheld_place(asked),
                            penalty_asked=asked.asks_penalty and len(asked.segments) == 1)

    def asks_unheld_place(self, asked: AskedQuestion) -> bool:
        """Whether the question asks for a place's own rule (当地有什么规定, 宁夏的安全生产条例) and the library
        holds no text of that place: no clause here can say what that place's rules are, however close."""
        place_rows = self._place_rows(asked)
        return asked.asks_local_rule and not (place_rows is not None and place_rows.any())

    def answer_row(self, asked: AskedQuestion, whole: Candidates, top_dense: float, coverage: float) -> np.ndarray:
        """The answerability model's features for a question and its candidates."""
        quoted = whole.rows[np.argsort(-whole.scores, kind="stable")[:ANSWER_DEPTH]]
        return answer_features(whole.scores, whole.features, top_dense, coverage, bool(asked.named_docs),
                               rare_words_covered(set(asked.tokens), quoted, self.facts))


def _fuse(dense: np.ndarray, lexical: np.ndarray, allowed: np.ndarray, rrf_k: int) -> np.ndarray:
    """Reciprocal-rank fusion over each retriever's best allowed clauses."""
    fused = np.zeros(len(dense), dtype=np.float64)
    for scores in (dense, lexical):
        top = _best_rows(scores, FUSION_DEPTH)
        top = top[(scores[top] > 0) & allowed[top]]
        fused[top] += 1 / (rrf_k + np.arange(1, len(top) + 1))
    return fused


def _best_rows(scores: np.ndarray, depth: int) -> np.ndarray:
    """The rows of the ``depth`` best scores, best first (ties by row), without sorting the rest."""
    if len(scores) <= depth:
        return np.argsort(-scores, kind="stable")
    kept = np.argpartition(-scores, depth - 1)[:depth]
    cut = scores[kept].min()
    kept = np.flatnonzero(scores >= cut)  # every row tied at the cut, so ties break by row as a full sort would
    return kept[np.argsort(-scores[kept], kind="stable")][:depth]


def _interleave(rankings: list[np.ndarray]) -> list[int]:
    """The rankings of a question's parts taken in turn, each clause once: every part gets its best in early."""
    if len(rankings) == 1:
        return [int(row) for row in rankings[0]]
    order: list[int] = []
    seen: set[int] = set()
    positions = [0] * len(rankings)
    while any(position < len(ranking) for position, ranking in zip(positions, rankings)):
        for index, ranking in enumerate(rankings):
            while positions[index] < len(ranking) and int(ranking[positions[index]]) in seen:
                positions[index] += 1
            if positions[index] < len(ranking):
                row = int(ranking[positions[index]])
                seen.add(row)
                order.append(row)
    return order


def _best_per_clause(chunk_scores: np.ndarray, chunk_clause: np.ndarray, clause_count: int) -> np.ndarray:
    best = np.full(clause_count, -np.inf if len(chunk_scores) else 0.0, dtype=np.float64)
    np.maximum.at(best, chunk_clause, chunk_scores.astype(np.float64))
    best[np.isneginf(best)] = 0.0
    return best


def _rank_of(scores: np.ndarray, row: int) -> int:
    """1-based rank of ``row`` in a stable sort of ``scores``, best first."""
    above = np.count_nonzero(scores > scores[row])
    return int(above + np.count_nonzero(scores[:row] == scores[row]) + 1)

