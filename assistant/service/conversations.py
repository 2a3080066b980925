"""Conversations for the service: one ConversationStore that outlives index swaps.

A conversation keeps its context (what the previous turn was about and cited first) when a document
is added; its next turn is answered from the snapshot current at that moment. Clause ids are stable
across rebuilds, so the remembered citation still names the same clause.

OpenAI-style clients keep no conversation id: they send the whole history each time. Such a transcript
continues the conversation that answered its earlier questions when the server still has it (looked up
by a digest of those questions, and taken, so two clients never advance one conversation); otherwise
its last few questions are replayed into a new conversation.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from assistant.chat.session import ChatAnswer, ChatSession, ConversationStore, wide_searcher
from assistant.errors import UnknownConversationError
from assistant.search.scope import Scopes

if TYPE_CHECKING:
    from assistant.service.assistant import Assistant

MAX_REPLAYED_TURNS = 4  # a follow-up reads only the previous turn, which may itself lean on the one before


class LiveConversations:
    """The conversations of a running service; each turn is rebound to the Assistant it is given."""

    def __init__(self, max_conversations: int = 1000) -> None:
        self.max_conversations = max_conversations
        self._store: ConversationStore | None = None
        self._transcripts: OrderedDict[str, str] = OrderedDict()  # digest of the questions so far → conversation id
        self._lock = threading.Lock()

    def turn(self, assistant: Assistant, conversation_id: str | None, question: str, k: int | None) -> ChatAnswer:
        """One turn answered by ``assistant`` (the current snapshot's); unknown ids raise UnknownConversationError."""
        store = self._store_for(assistant)
        session = store.start() if conversation_id is None else store.get(conversation_id)
        _rebind(session, store)
        return session.turn(question, k)

    def transcript_turn(self, assistant: Assistant, questions: list[str], k: int | None) -> ChatAnswer:
        """The last of ``questions`` answered as a follow-up of the ones before it."""
        earlier, question = questions[:-1], questions[-1]
        with self._lock:
            conversation_id = self._transcripts.pop(_digest(earlier), None) if earlier else None
        answer: ChatAnswer | None = None
        if conversation_id is not None:
            try:
                answer = self.turn(assistant, conversation_id, question, k)
            except UnknownConversationError:  # forgotten (least recently used): replay instead
                answer = None
        if answer is None:
            session = self._store_for(assistant).start()
            for previous in earlier[-MAX_REPLAYED_TURNS:]:
                session.turn(previous, k)
            answer = session.turn(question, k)
        with self._lock:
            self._transcripts[_digest(questions)] = answer.conversation_id or ""
            while len(self._transcripts) > self.max_conversations:
                self._transcripts.popitem(last=False)
        return answer

    def _store_for(self, assistant: Assistant) -> ConversationStore:
        """The store, pointed at ``assistant`` (its conversations kept) when the index was swapped."""
        with self._lock:
            if self._store is None:
                self._store = ConversationStore(assistant, self.max_conversations)
            elif self._store.assistant is not assistant:
                self._store.assistant = assistant
                self._store.scopes = Scopes(assistant.index.store.documents)
                self._store.wide = wide_searcher(assistant)
            return self._store


def _rebind(session: ChatSession, store: ConversationStore) -> None:
    """A conversation begun on an earlier index continues on the store's current one."""
    if session.assistant is not store.assistant:
        session.assistant, session.scopes, session.wide = store.assistant, store.scopes, store.wide


def _digest(questions: list[str]) -> str:
    return hashlib.sha256(json.dumps([question.strip() for question in questions], ensure_ascii=False).encode()).hexdigest()
