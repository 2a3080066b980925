"""Builds the pieces once from settings; the CLI (and later the API and UI) ask through it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace

from assistant.answer.answerer import Answerer
from assistant.answer.document_facts import evidence_clause, fact_lines
from assistant.answer.generation import build_answerer
from assistant.answer.question import check_question
from assistant.duties import DutyMap
from assistant.duties.answers import answer_duty_question
from assistant.errors import IndexNotReadyError
from assistant.legal.crossrefs import CrossReferences
from assistant.legal.filters import SearchFilters
from assistant.legal.linking import link_answer, with_penalty
from assistant.legal.lookup import ArticleLookup, compose_chapter, compose_lookup
from assistant.legal.names import DocumentNameIndex
from assistant.legal.validity import validity_warnings
from assistant.models import Answer, Hit
from assistant.obligations import ObligationCatalogue
from assistant.obligations.answers import answer_obligation_question
from assistant.search.retriever import HybridSearcher
from assistant.settings import Settings
from assistant.store.durable import writer_lock
from assistant.store.embedder import ClauseEmbedder, build_embedder
from assistant.store.generations import recover
from assistant.store.index import BuildReport, LoadedIndex, build_index, index_state, load_index


@dataclass
class Assistant:
    """A loaded index with its embedder, searcher and answerer."""

    settings: Settings
    embedder: ClauseEmbedder
    index: LoadedIndex
    searcher: HybridSearcher
    answerer: Answerer
    duties: DutyMap | None = None
    obligations: ObligationCatalogue | None = None
    lookup: ArticleLookup = field(init=False)
    references: CrossReferences = field(init=False)

    def __post_init__(self) -> None:
        store = self.index.store
        self.lookup = ArticleLookup(store.documents, store.clauses, DocumentNameIndex(store.documents.values()))
        self.references = CrossReferences(store.clauses, self.lookup)

    def ask(self, question: str, k: int | None = None, filters: SearchFilters | None = None,
            as_of: str | None = None) -> Answer:
        """Answer one question; an over-long question is cut to the configured length, with a warning.

        ``filters`` limit the documents by force, jurisdiction and date; ``as_of`` (YYYY-MM-DD) answers
        from the texts in force on that day.
        """
        asked = check_question(question, k, self.settings)
        cleaned, warnings, k = asked.text, asked.warnings, asked.k
        if as_of is not None:
            filters = replace(filters or SearchFilters(), as_of=as_of)
        answer = self._answer_about_document(question, cleaned, warnings)
        if answer is None:
            answer = self._answer_by_number(question, cleaned, k, warnings, filters)
        if answer is None and not (filters and filters.active) and not self.searcher.reader.names.doc_ids(cleaned):
            answer = self._answer_from_maps(question, cleaned, k, warnings)  # they know no force, date or named law
        if answer is None:
            result = self.searcher.search(cleaned, k, filters=filters, region=filters.region if filters else None)
            result.hits[:] = with_penalty(result.hits, self.references, k, result.penalty_asked)
            answer = self.answerer.answer(question, result, warnings)
        link_answer(answer, self.references, self.index.store.documents)
        cited = [(citation.rank, citation.doc_id) for citation in answer.citations]
        answer.warnings += validity_warnings(cited, self.index.store.documents, filters.as_of if filters else None)
        return answer

    def _answer_about_document(self, question: str, cleaned: str, warnings: list[str]) -> Answer | None:
        """谁印发的？文号是什么？什么时候施行？还有效吗？ of a document the question names: from its metadata
        (the same lines a follow-up gets), cited to the clause that states it or, failing that, its first."""
        asked = self.searcher.reader.about_document(cleaned)
        if asked is None:
            return None
        clauses = [clause for clause in self.index.store.clauses if clause.doc_id == asked.doc_id]
        clause = evidence_clause(clauses, asked.field)
        hits = [Hit(clause=clause, score=1.0)] if clause is not None else []
        text = "\n".join(fact_lines(self.index.store.documents[asked.doc_id], asked.field, evidence=clause))
        return self.answerer.cited(question, hits, text, found=clause is not None, warnings=warnings)

    def _answer_by_number(self, question: str, cleaned: str, k: int, warnings: list[str],
                          filters: SearchFilters | None) -> Answer | None:
        """Articles named by number are looked up, not searched; search only fills the remaining citations."""
        requests = self.lookup.find(cleaned)
        if not requests:
            return self._answer_by_chapter(question, cleaned, k, warnings)
        asked = {request.clause.clause_id: request.clause for request in requests if request.clause}
        penalties = {penalty.clause_id: penalty for clause in asked.values()
                     for penalty in self.references.penalties_for(clause.clause_id)}
        clauses = list(asked.values()) + [clause for clause_id, clause in penalties.items() if clause_id not in asked]
        hits = [Hit(clause=clause, score=1.0) for clause in clauses[:k]]
        if hits and len(hits) < k:
            taken = {hit.clause.clause_id for hit in hits}
            nearest = self.searcher.search(cleaned, 2 * k, filters=filters, region=filters.region if filters else None).hits
            hits += [hit for hit in nearest if hit.clause.clause_id not in taken][: k - len(hits)]
        ranks = {hit.clause.clause_id: rank for rank, hit in enumerate(hits, start=1)}
        text = compose_lookup(requests, self.index.store.documents, self.lookup.article_counts, ranks)
        return self.answerer.cited(question, hits, text, found=bool(asked), warnings=warnings)

    def _answer_from_maps(self, question: str, cleaned: str, k: int, warnings: list[str]) -> Answer | None:
        """Who-is-responsible / must-we questions: the duty map, then the obligation catalogue."""
        duty_answer = answer_duty_question(cleaned, self.duties, self.index.store, k) if self.duties else None
        if duty_answer is None and self.obligations is not None:
            duty_answer = answer_obligation_question(cleaned, self.obligations, self.index.store, k)
        if duty_answer is not None:
            duty_answer.question, duty_answer.warnings = question, warnings + duty_answer.warnings
        return duty_answer

    def _answer_by_chapter(self, question: str, cleaned: str, k: int, warnings: list[str]) -> Answer | None:
        """A chapter named by number (安全生产法第三章): its articles in order, the first k cited."""
        chapter = self.lookup.find_chapter(cleaned)
        if chapter is None:
            return None
        hits = [Hit(clause=article, score=1.0) for article in chapter.articles[:k]]
        ranks = {hit.clause.clause_id: rank for rank, hit in enumerate(hits, start=1)}
        text = compose_chapter(chapter, self.index.store.documents[chapter.doc_id].title, ranks)
        return self.answerer.cited(question, hits, text, found=True, warnings=warnings)


def ensure_index(settings: Settings, embedder: ClauseEmbedder, progress: bool = True) -> BuildReport | None:
    """Build the index when it is missing or older than the corpus; None when it was current.

    Waits for a writer in another process (an `add`) to finish, and first recovers from a crashed one.
    """
    with writer_lock(settings.index_dir):
        recover(settings)
        state = index_state(settings)
        if state == "current":
            return None
        if progress:
            reason = {"missing": "没有索引", "damaged": "索引清单 manifest.json 损坏 damaged",
                      "dated": "有文件已到施行或废止日期"}.get(state, "语料或解析程序已变化")
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
    return assemble_assistant(settings, embedder, index)


def assemble_assistant(settings: Settings, embedder: ClauseEmbedder, index: LoadedIndex) -> Assistant:
    """Everything that reads one loaded index; used at start-up and again after documents are added."""
    return Assistant(
        settings=settings, embedder=embedder, index=index, searcher=HybridSearcher(index, embedder, settings),
        answerer=build_answerer(index.store.documents, settings),
        duties=DutyMap.from_store(index.store), obligations=ObligationCatalogue.from_store(index.store),
    )
