"""Question + ranked clauses → a cited answer composed from the clauses' own sentences, or "not found".

No language model: every sentence of the answer is quoted from a cited clause and followed by its
marker [n]. A draft or no longer valid document is named in the warnings whenever it is cited.
"""

from __future__ import annotations

import re

from assistant.answer.citations import cite, status_warnings
from assistant.answer.quantities import unstated_quantities
from assistant.legal.force import FORCES, force_rank
from assistant.models import Answer, Clause, DocumentMeta, Hit
from assistant.search.retriever import SearchResult
from assistant.settings import Settings
from assistant.store.tokenize import tokenize

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
ANSWER_CLAUSES = 3
NOT_FOUND = "语料中没有找到能回答这个问题的条文。下面列出的是最接近的条文，仅供参考，不能作为依据。"


class Answerer:
    """Composes the contract's answer object from search results."""

    def __init__(self, documents: dict[str, DocumentMeta], settings: Settings) -> None:
        self.documents = documents
        self.settings = settings

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
        if found and (unstated := unstated_quantities(question, [hit.clause.text for hit in result.hits[:ANSWER_CLAUSES]])):
            found = False  # quoting them would give the duty without the number asked for
            notes.append(f"问题问的是{'、'.join(unstated)}，最接近的条文都没有写明。")
        return self.cited(question, result.hits, self._compose(result) if found else NOT_FOUND, found, notes)

    def cited(self, question: str, hits: list[Hit], text: str, found: bool,
              warnings: list[str] | None = None) -> Answer:
        """The answer object around a text composed by any path (search, article lookup, comparison, chat
        follow-up): the hits become the citations, and a found answer names its draft or expired sources."""
        citations = [cite(rank, hit.clause, self.documents[hit.clause.doc_id], hit.score)
                     for rank, hit in enumerate(hits, start=1)]
        notes = list(warnings or []) + (status_warnings(citations) if found else [])
        return Answer(question=question, answer=text, found=found, citations=citations, warnings=notes)

    def _compose(self, result: SearchResult) -> str:
        lines = ["根据检索到的条文："]
        query_tokens = set(result.query_tokens)
        ranked = list(enumerate(result.hits[:ANSWER_CLAUSES], start=1))
        forces = {self.documents[hit.clause.doc_id].force for _, hit in ranked}
        if len({force_rank(force) for force in forces}) > 1:  # sources of different force: the higher first
            ranked.sort(key=lambda pair: force_rank(self.documents[pair[1].clause.doc_id].force))
            order = " > ".join(force for force in FORCES if force in forces)
            lines[0] = f"根据检索到的条文（来源效力层级不同，按效力从高到低排列：{order}）："
        for rank, hit in ranked:
            meta = self.documents[hit.clause.doc_id]
            quote = key_sentences(hit.clause, query_tokens)
            badge = f"〔{meta.force}〕" if meta.force else ""
            lines.append(f"{rank}. {badge}《{meta.title}》{hit.clause.label}：{quote}[{rank}]")
        return "\n".join(lines)

def key_sentences(clause: Clause, query_tokens: set[str], limit: int = 2) -> str:
    """The clause's sentences that share most words with the question, in their original order."""
    sentences = [s.strip() for s in _SENTENCE.findall(clause.text) if s.strip()]
    if len(sentences) <= limit:
        return "".join(sentences)
    scored = []
    for position, sentence in enumerate(sentences):
        overlap = sum(len(token) for token in set(tokenize(sentence)) & query_tokens)
        scored.append((overlap, -position, position))
    chosen = sorted(position for _, _, position in sorted(scored, reverse=True)[:limit])
    return "……".join(sentences[position] for position in chosen)
