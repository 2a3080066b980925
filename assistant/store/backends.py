"""The registry of search backends: ``ASSISTANT_VECTOR_STORE`` names one for new builds, and each build's
manifest names the one that wrote it. A new backend is one ``SearchBackend`` subclass and one line here.
"""

from __future__ import annotations

from typing import Any

from assistant.errors import ConfigurationError, IndexNotReadyError
from assistant.settings import Settings
from assistant.store.base import SearchBackend
from assistant.store.faiss import FaissBackend
from assistant.store.milvus import MilvusBackend

BACKENDS: dict[str, type[SearchBackend]] = {backend.name: backend for backend in (FaissBackend, MilvusBackend)}


def configured_backend(settings: Settings) -> SearchBackend:
    """The backend new builds are written to."""
    return _backend(settings.vector_store, settings)


def backend_of(manifest: dict[str, Any], settings: Settings) -> SearchBackend:
    """The backend that wrote the build ``manifest`` describes (a manifest naming none is FAISS's)."""
    description = manifest.get("vector_store") or {}
    name = description.get("kind", FaissBackend.name) if isinstance(description, dict) else None
    if name not in BACKENDS:
        raise IndexNotReadyError(f"the index manifest names no known vector store ({name!r}); rebuild the index")
    return BACKENDS[name](settings)


def _backend(name: str, settings: Settings) -> SearchBackend:
    backend = BACKENDS.get(name)
    if backend is None:
        raise ConfigurationError(f"unknown vector store {name!r}; use one of {', '.join(BACKENDS)}")
    return backend(settings)
