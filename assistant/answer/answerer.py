"""Question + ranked clauses → a cited answer composed from the clauses' own sentences, or "not found".

No language model: every sentence of the answer is quoted from a cited clause and followed by its
marker [n]. A draft or no longer valid document is named in the warnings whenever it is cited.
"""

from __future__ import annotations

from assistant.answer.citations import cite, status_warnings
from assistant.answer.quantities import figure_first, unstated_quantities
from assistant.answer.sentences import answer_span, key_sentences
from assistant.answer.versions import unheld_versions
from assistant.legal.names import DocumentNameIndex
from assistant.models import Answer, Clause, DocumentMeta, Hit
from assistant.search.retriever import SearchResult
from assistant.settings import Settings

ANSWER_CLAUSES = 3
NOT_FOUND = "语料中没有找到能回答这个问题的条文。下面列出的是最接近的条文，仅供参考，不能作为依据。"


class Answerer:
    """Composes the contract's answer object from search results."""

    def __init__(self, documents: dict[str, DocumentMeta], settings: Settings) -> None:
        self.documents = documents
        self.settings = settings
        self.names = DocumentNameIndex(documents.values())

    def is_answerable(self, result: SearchResult) -> bool:
        """The corpus answers when the searcher's answerability model says so (search/ranker.py, fitted on
        dev), or, for results no model judged, when the best clause is close enough in meaning and words."""
        if not result.hits:
            return False
        if result.answerable is not None:
            return result.answerable
        return (result.top_dense >= self.settings.dense_threshold()
                and result.lexical_coverage >= self.settings.min_lexical_coverage)

    def answer(self, question: str, result: SearchResult, warnings: list[str] | None = None) -> Answer:
        """The searched clauses' own sentences as the answer, or "not found" with the nearest clauses."""
        found = self.is_answerable(result)
        notes = list(warnings or [])
        quoted = [hit.clause.text for hit in result.hits[:ANSWER_CLAUSES]]
        if found and (unheld := unheld_versions(question, self.documents, self.names)):
            found = False  # the version held is not the one asked about
            notes.append(f"本库没有{'、'.join(unheld)}；收录的版本见下列条文的出处。")
        elif found and (unstated := unstated_quantities(question, quoted)):
            found = False  # quoting them would give the duty without the number asked for
            notes.append(f"问题问的是{'、'.join(unstated)}，最接近的条文都没有写明。")
        elif found and (stating := figure_first(question, quoted)):  # the answer first: the clause with the figure
            result.hits.insert(0, result.hits.pop(stating))
        return self.cited(question, result.hits, self._compose(question, result) if found else NOT_FOUND, found, notes)

    def cited(self, question: str, hits: list[Hit], text: str, found: bool,
              warnings: list[str] | None = None) -> Answer:
        """The answer object around a text composed by any path (search, article lookup, comparison, chat
        follow-up): the hits become the citations, and a found answer names its draft or expired sources."""
        citations = [cite(rank, hit.clause, self.documents[hit.clause.doc_id], hit.score)
                     for rank, hit in enumerate(hits, start=1)]
        notes = list(warnings or []) + (status_warnings(citations) if found else [])
        return Answer(question=question, answer=text, found=found, citations=citations, warnings=notes)

    def _compose(self, question: str, result: SearchResult) -> str:
        """The answer first (the span of the best clause that holds what was asked), then the supporting
        clauses in the order shown, each regional one labelled with its place."""
        query_tokens = set(result.query_tokens)
        hits = result.hits[:ANSWER_CLAUSES]
        first = hits[0].clause
        lines = [f"{answer_span(first, question, query_tokens)}"
                 f"（{self.source(first)}）[1]"]
        for rank, hit in enumerate(hits[1:], start=2):
            lines.append(f"{rank}. {self.source(hit.clause, badge=True)}：{key_sentences(hit.clause, query_tokens)}[{rank}]")
        return "\n".join(lines)

    def source(self, clause: Clause, badge: bool = False) -> str:
        """《title》label, with its force and, for a local text, its place: 〔地方性法规·河南省〕."""
        meta = self.documents[clause.doc_id]
        place = meta.region if meta.level != "national" and meta.region else ""
        tags = "·".join(tag for tag in ((meta.force or "") if badge else "", place) if tag)
        return f"{f'〔{tags}〕' if tags else ''}《{meta.title}》{clause.label}"
