"""Conversations for the service: one ConversationStore that outlives index swaps.

A conversation keeps its context (what the previous turn was about and cited first) when a document
is added; its next turn is answered from the snapshot current at that moment. Clause ids are stable
across rebuilds, so the remembered citation still names the same clause.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant.chat.session import ChatAnswer, ChatSession, ConversationStore, wide_searcher
from assistant.search.scope import Scopes

if TYPE_CHECKING:
    from assistant.service.assistant import Assistant


class LiveConversations:
    """The conversations of a running service; each turn is rebound to the Assistant it is given."""

    def __init__(self, max_conversations: int = 1000) -> None:
        self.max_conversations = max_conversations
        self._store: ConversationStore | None = None
        self._lock = threading.Lock()

    def turn(self, assistant: Assistant, conversation_id: str | None, question: str, k: int | None) -> ChatAnswer:
        """One turn answered by ``assistant`` (the current snapshot's); unknown ids raise UnknownConversationError."""
        store = self._store_for(assistant)
        session = store.start() if conversation_id is None else store.get(conversation_id)
        _rebind(session, store)
        return session.turn(question, k)

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
