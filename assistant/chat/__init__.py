"""Conversations: follow-ups read against the previous turn, comparisons side by side."""

from assistant.chat.session import ChatAnswer, ChatSession, ConversationStore

__all__ = ["ChatAnswer", "ChatSession", "ConversationStore"]
