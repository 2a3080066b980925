"""Conversations: each turn is understood against the previous one, then answered like ``ask``.

A turn returns the contract's Answer plus ``resolved_question`` (the standalone question that was
retrieved), so a reader sees how "沅江的规定呢？" was understood. Places and documents the question
is about are preferred among the candidates; comparisons go side by side (compare.py); questions
about the previous citation ("这条出自哪个文件？", "第二款呢？") are answered from that citation.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict

from assistant.answer.document_facts import NOT_STATED, fact_lines
from assistant.answer.question import check_question
from assistant.chat.followup import Context, Kind, Resolution, resolve
from assistant.chat.pipeline import Pipeline
from assistant.chat.side_by_side import side_by_side
from assistant.errors import UnknownConversationError
from assistant.models import Answer, Citation, Hit
from assistant.search.retriever import HybridSearcher, SearchResult
from assistant.search.scope import Scopes

__all__ = ["NOT_STATED", "ChatAnswer", "ChatSession", "ConversationStore", "wide_searcher"]



class ChatAnswer(Answer):
    """An Answer (CONTRACT.md) plus how the question was understood within its conversation."""

    resolved_question: str
    interpretation: Kind = "new"
    conversation_id: str | None = None
    turn: int = 1


def wide_searcher(assistant: Pipeline) -> HybridSearcher:
    """A searcher whose fusion ranks every clause, so that a place's or document's own best clauses can
    be picked out even when other documents fill the usual top candidates."""
    wide = assistant.settings.model_copy(update={"candidates": len(assistant.index.store.clauses)})
    return HybridSearcher(assistant.index, assistant.embedder, wide)


class ChatSession:
    """One conversation: remembers how the previous turn was understood and what it cited first."""

    def __init__(self, assistant: Pipeline, scopes: Scopes | None = None, wide: HybridSearcher | None = None,
                 conversation_id: str | None = None) -> None:
        self.assistant = assistant
        self.scopes = scopes or Scopes(assistant.index.store.documents)
        self.wide = wide or wide_searcher(assistant)
        self.conversation_id = conversation_id
        self.context: Context | None = None
        self.turns = 0
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Forget the previous turns; the next question starts afresh."""
        with self._lock:
            self.context = None

    def turn(self, question: str, k: int | None = None) -> ChatAnswer:
        """Answer ``question`` in the light of the previous turn."""
        asked = check_question(question, k, self.assistant.settings)
        cleaned, warnings, k = asked.text, asked.warnings, asked.k
        with self._lock:
            resolution = resolve(cleaned, self.context, self.scopes)
            if resolution.kind == "compare":
                answer = side_by_side(self.wide, self.assistant.answerer, question, resolution, k, warnings)
            elif resolution.kind == "source" and resolution.anchor is not None:
                answer = self._source(question, resolution, resolution.anchor, warnings)
            else:
                answer = self._retrieve(question, resolution, k, warnings)
            anchor = answer.citations[0] if answer.found and answer.citations else None
            self.context = resolution.context(anchor)
            self.turns += 1
            return ChatAnswer(**answer.model_dump(), resolved_question=resolution.question,
                              interpretation=resolution.kind, conversation_id=self.conversation_id, turn=self.turns)

    def _retrieve(self, question: str, resolution: Resolution, k: int, warnings: list[str]) -> Answer:
        preferred = {doc_id for party in resolution.parties for doc_id in party.doc_ids}
        standalone = (not preferred or self.assistant.lookup.find(resolution.question)
                      or self.assistant.searcher.reader.about_document(resolution.question))
        if standalone and resolution.kind != "part":  # the whole ask pipeline: article lookup by number, a
            answer = self.assistant.ask(resolution.question, k)  # document's facts, duty map, validity warnings
            return answer.model_copy(update={"question": question, "warnings": warnings + answer.warnings})
        vector = self.assistant.embedder.query(resolution.question)
        result = self.assistant.searcher.search(resolution.question, k, query_vector=vector)
        hits = result.hits
        if preferred:  # the named places' and documents' own best clauses first, when close enough to count
            wide = self.wide.search(resolution.question, len(self.assistant.index.store.clauses), query_vector=vector)
            inside = [hit for hit in wide.hits if hit.clause.doc_id in preferred][:k]
            best = max((hit.dense_score or 0.0 for hit in inside), default=0.0)
            if best >= self.assistant.settings.dense_threshold():
                hits = inside + [hit for hit in wide.hits if hit.clause.doc_id not in preferred]
                result = SearchResult(hits=hits, top_dense=best, lexical_coverage=wide.lexical_coverage,
                                      query_tokens=wide.query_tokens)
            else:
                names = "、".join(party.name for party in resolution.parties)
                warnings.append(f"{names}的文件中没有找到相关条文，下面是其他文件中最接近的条文。")
        part_text = None
        if resolution.kind == "part" and resolution.anchor is not None:
            hits, part_text = self._part(hits, resolution.anchor, resolution.part or "")
        scoped = SearchResult(hits=hits[:k], top_dense=result.top_dense, lexical_coverage=result.lexical_coverage,
                              query_tokens=result.query_tokens)
        if part_text is None:
            return self.assistant.answerer.answer(question, scoped, warnings)
        return self.assistant.answerer.cited(question, scoped.hits, part_text[0], part_text[1], warnings)

    def _part(self, hits: list[Hit], anchor: Citation, part: str) -> tuple[list[Hit], tuple[str, bool]]:
        """The previous first clause moved to rank 1, and the text of the 款/项 asked for."""
        clause = self.assistant.index.store.clause(anchor.clause_id)
        if clause is None:
            return hits, (f"找不到上一条引用的条文（{anchor.clause_label}）。", False)
        own = next((hit for hit in hits if hit.clause.clause_id == clause.clause_id), Hit(clause=clause, score=0.0))
        hits = [own] + [hit for hit in hits if hit.clause.clause_id != clause.clause_id]
        wanted = _bare_number(part)
        for clause_part in clause.parts:
            if _bare_number(clause_part.label).endswith(wanted):
                return hits, (f"《{anchor.title}》{clause_part.label}：{clause_part.text}[1]", True)
        return hits, (f"《{anchor.title}》{anchor.clause_label}没有{part}。[1]", False)

    def _source(self, question: str, resolution: Resolution, anchor: Citation, warnings: list[str]) -> Answer:
        """Facts of the document the previous answer cited first, as its metadata states them."""
        meta = self.assistant.index.store.documents[anchor.doc_id]
        clause = self.assistant.index.store.clause(anchor.clause_id)
        hits = [Hit(clause=clause, score=anchor.score)] if clause is not None else []
        lines = fact_lines(meta, resolution.source_field, anchor.clause_label)
        return self.assistant.answerer.cited(question, hits, "\n".join(lines), clause is not None, warnings)


def _bare_number(label: str) -> str:
    return re.sub(r"[（()）]", "", label)


class ConversationStore:
    """Conversations by id, for a server: the least recently used is forgotten past the limit."""

    def __init__(self, assistant: Pipeline, max_conversations: int = 1000) -> None:
        self.assistant = assistant
        self.scopes = Scopes(assistant.index.store.documents)
        self.wide = wide_searcher(assistant)
        self.max_conversations = max_conversations
        self._sessions: OrderedDict[str, ChatSession] = OrderedDict()
        self._lock = threading.Lock()

    def start(self) -> ChatSession:
        """A new conversation with a fresh id."""
        conversation_id = uuid.uuid4().hex
        session = ChatSession(self.assistant, self.scopes, self.wide, conversation_id)
        with self._lock:
            self._sessions[conversation_id] = session
            while len(self._sessions) > self.max_conversations:
                self._sessions.popitem(last=False)
        return session

    def get(self, conversation_id: str) -> ChatSession:
        with self._lock:
            session = self._sessions.get(conversation_id)
            if session is None:
                raise UnknownConversationError(f"unknown conversation id: {conversation_id}")
            self._sessions.move_to_end(conversation_id)
            return session

    def turn(self, conversation_id: str | None, question: str, k: int | None = None) -> ChatAnswer:
        """One turn of an existing conversation, or of a new one when ``conversation_id`` is None."""
        session = self.start() if conversation_id is None else self.get(conversation_id)
        return session.turn(question, k)

