"""The service's whole search as a LangChain retriever, for chains and agents people already run.

It asks through ``Assistant.ask`` — article lookup by number, the scope a question names (a law, a
place), region and as_of filters, the duty map — so a chain sees exactly the clauses the assistant would
cite, and nothing when the assistant would say "not found". Answers are never phrased by a language model
here: retrieval hands clauses to the caller's own model.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import Field, PrivateAttr

from assistant.legal.filters import SearchFilters
from assistant.models import Citation
from assistant.service.assistant import Assistant, open_assistant
from assistant.settings import Settings


class AssistantRetriever(BaseRetriever):
    """Clauses for a question, best first, as LangChain Documents.

    ``id`` is the clause id; ``metadata`` holds the citation (title, doc_number 文号, issuer, date, effective,
    status and status_reason, force, level, region, clause_label, heading_path, score, rank), None where unknown.
    """

    k: int = Field(default=5, ge=1)
    region: str | None = Field(default=None, description="the asker's place (宁波, 浙江省宁波市); 全国 = national only")
    as_of: str | None = Field(default=None, description="YYYY-MM-DD: only texts in force that day")
    _assistant: Assistant = PrivateAttr()  # private: pydantic cannot (and need not) describe the loaded index

    def __init__(self, assistant: Assistant, **fields: Any) -> None:
        super().__init__(**fields)
        self._assistant = assistant

    @property
    def assistant(self) -> Assistant:
        return self._assistant

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        filters = SearchFilters.parse(region=self.region, as_of=self.as_of)
        answer = self._assistant.ask(query, self.k, filters=filters if filters.active else None)
        if not answer.found:
            return []
        return [self._document(citation) for citation in answer.citations]

    def _document(self, citation: Citation) -> Document:
        store = self._assistant.index.store
        meta = store.documents[citation.doc_id]
        clause = store.clause(citation.clause_id)
        metadata: dict[str, Any] = {
            "rank": citation.rank, "doc_id": citation.doc_id, "clause_id": citation.clause_id, "title": citation.title,
            "doc_number": citation.doc_number, "issuer": citation.issuer, "date": citation.date,
            "effective": meta.effective, "status": citation.status, "status_reason": meta.status_evidence,
            "force": meta.force, "level": meta.level, "region": meta.region, "clause_label": citation.clause_label,
            "heading_path": list(clause.heading_path) if clause is not None else [], "score": citation.score,
        }
        return Document(id=citation.clause_id, page_content=citation.text, metadata=metadata)


def as_retriever(settings: Settings | None = None, k: int = 5, *, region: str | None = None,
                 as_of: str | None = None) -> AssistantRetriever:
    """Open the index (building it first if needed) and return a retriever over it."""
    settings = (settings or Settings()).model_copy(update={"llm_base_url": None})
    return AssistantRetriever(assistant=open_assistant(settings, progress=False), k=k, region=region, as_of=as_of)
