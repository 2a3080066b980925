"""Reading the loaded index as a library: documents, their clause trees, one clause with its neighbours.

Shared by the HTTP API and the web app, so both show the same facts in the same shape.
"""

from __future__ import annotations

from typing import Any

from assistant.errors import NotFoundError
from assistant.legal.validity import version_date
from assistant.models import Clause, DocumentMeta
from assistant.store.index import ClauseStore
from assistant.text.statuses import status_warning


class Library:
    """Lookups over one index snapshot; built once per snapshot (documents' clauses grouped in order)."""

    def __init__(self, store: ClauseStore) -> None:
        self.store = store
        self._by_document: dict[str, list[Clause]] = {doc_id: [] for doc_id in store.documents}
        for clause in store.clauses:
            self._by_document.setdefault(clause.doc_id, []).append(clause)
        for clauses in self._by_document.values():
            clauses.sort(key=lambda clause: clause.order)

    def documents(self) -> list[dict[str, Any]]:
        """Every document's metadata with its clause count, national laws first, then by title."""
        metas = sorted(self.store.documents.values(), key=lambda meta: (meta.level != "national", meta.title))
        return [self._summary(meta) for meta in metas]

    def document(self, doc_id: str) -> dict[str, Any]:
        """Metadata, the clauses in reading order (with 款/项 parts) and the heading tree over them."""
        meta = self.store.documents.get(doc_id)
        if meta is None:
            raise NotFoundError(f"no document with doc_id '{doc_id}'; list them with GET /v1/documents")
        clauses = self._by_document.get(doc_id, [])
        return {
            **self._summary(meta),
            "clauses": [clause.to_dict() for clause in clauses],
            "tree": heading_tree(clauses),
        }

    def clause(self, clause_id: str) -> dict[str, Any]:
        """One clause, whole, with its document and the clauses just before and after it."""
        clause = self.store.clause(clause_id)
        if clause is None:
            raise NotFoundError(f"no clause with clause_id '{clause_id}'; clause ids come from citations or documents")
        siblings = self._by_document[clause.doc_id]
        position = next(row for row, sibling in enumerate(siblings) if sibling.clause_id == clause_id)
        previous = siblings[position - 1] if position > 0 else None
        following = siblings[position + 1] if position + 1 < len(siblings) else None
        return {
            **clause.to_dict(),
            "document": self._summary(self.store.documents[clause.doc_id]),
            "previous": previous.to_dict() if previous else None,
            "next": following.to_dict() if following else None,
        }

    def _summary(self, meta: DocumentMeta) -> dict[str, Any]:
        return {
            **meta.to_dict(),
            "status_warning": status_warning(meta.status),
            "place": meta.region or ("全国" if meta.level == "national" else None),
            "version_date": version_date(meta),
            "clause_count": len(self._by_document.get(meta.doc_id, [])),
        }


def heading_tree(clauses: list[Clause]) -> list[dict[str, Any]]:
    """Nest clauses under their heading path: [{"heading", "clauses": [{clause_id, label}], "children"}].

    Clauses without a heading sit in a node whose heading is null, in reading order.
    """
    root: dict[str, Any] = {"heading": None, "clauses": [], "children": []}
    for clause in clauses:
        node = root
        for heading in clause.heading_path:
            children = node["children"]
            if not children or children[-1]["heading"] != heading:
                children.append({"heading": heading, "clauses": [], "children": []})
            node = children[-1]
        node["clauses"].append({"clause_id": clause.clause_id, "label": clause.label})
    preamble = [{"heading": None, "clauses": root["clauses"], "children": []}] if root["clauses"] else []
    return preamble + root["children"]
