"""Cited answers over Chinese work-safety (安全生产) laws, regulations and policy documents.

``from assistant import as_retriever`` gives the search as a LangChain retriever. It is imported on first
use, so that ``import assistant.settings`` (and the command line) does not load the index machinery.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "as_retriever"]


def __getattr__(name: str) -> Any:
    if name == "as_retriever":
        from assistant.service.retrieval import as_retriever

        return as_retriever
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
