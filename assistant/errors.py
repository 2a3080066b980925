"""One exception hierarchy; surfaces (CLI, API) map these to exit codes and HTTP statuses."""

from __future__ import annotations


class AssistantError(Exception):
    """Root of every error the assistant raises on purpose."""


class UnreadableDocumentError(AssistantError):
    """A corpus file could not be turned into text (encoding, type, emptiness)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class InvalidInputError(AssistantError):
    """A question, batch file or argument that cannot be used as given."""


class IndexNotReadyError(AssistantError):
    """The index under index/ is missing, stale or unreadable."""


class StoreUnavailableError(AssistantError):
    """The vector store (a Milvus server or Milvus Lite folder) cannot be reached: nothing to rebuild, try again."""


class ConfigurationError(AssistantError):
    """Settings that cannot work together (unknown backend, missing model path)."""


class NotFoundError(AssistantError):
    """A document or clause id that the index does not hold."""


class AccessDeniedError(AssistantError):
    """A request without the API key its operation needs (``missing``) or with a wrong one."""

    def __init__(self, message: str, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


class TooLargeError(AssistantError):
    """Input over a configured size limit (an upload)."""


class UnknownConversationError(AssistantError):
    """A conversation id that was never issued or has been forgotten."""


class CorpusDamagedError(AssistantError):
    """A corpus file the assistant keeps itself (corpus/manifest.json) is unreadable: it cannot be rebuilt."""


class UnknownDocumentError(NotFoundError):
    """A doc_id given to remove or replace that names no document file of the corpus."""

    def __init__(self, doc_id: str, reason: str) -> None:
        super().__init__(f"{doc_id}: {reason}")
        self.name = doc_id
        self.reason = reason


class DiskFullError(AssistantError):
    """The disk holding corpus/ or index/ filled up during a change; the change was undone."""
