"""The duty map: every (body, duty) record of a loaded index, queried by industry, body, region or document.

Built at index load from the clauses (``extract.py``); a body is matched by its canonical department,
so 安监局 finds what the texts say of 应急管理部门.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.duties.extract import extract_clause
from assistant.duties.records import RELATION_NAMES, DutyQuery, DutyRecord, DutyResult
from assistant.errors import InvalidInputError
from assistant.legal.bodies import normalize_body
from assistant.models import Clause, DocumentMeta
from assistant.store.index import ClauseStore


@dataclass
class DutyMap:
    """All extracted records; query them by industry or task words, by body, region, document."""

    records: list[DutyRecord]

    @classmethod
    def build(cls, documents: dict[str, DocumentMeta], clauses: Iterable[Clause]) -> DutyMap:
        seen: set[tuple[str, str, str, str]] = set()
        records = []
        for clause in clauses:
            meta = documents.get(clause.doc_id)
            if meta is None:
                continue
            for record in extract_clause(meta, clause):
                key = (record.clause_id, record.body, record.relation, record.duty)
                if key not in seen:
                    seen.add(key)
                    records.append(record)
        records.sort(key=lambda record: (record.doc_level != "national", record.region or "", record.doc_id))
        return cls(records)

    @classmethod
    def from_store(cls, store: ClauseStore) -> DutyMap:
        """The map of a loaded index (``LoadedIndex.store``)."""
        return cls.build(store.documents, store.clauses)

    def query(self, industry: str | None = None, body: str | None = None, region: str | None = None,
              doc: str | None = None, relation: str | None = None) -> DutyResult:
        """Records matching every filter given; a body is matched by its canonical department."""
        if not any((industry, body, region, doc, relation)):
            raise InvalidInputError("give at least one of industry, body, region, doc or relation")
        if relation and relation not in RELATION_NAMES:
            raise InvalidInputError(f"unknown relation {relation!r}; use one of {', '.join(RELATION_NAMES)}")
        canonical = normalize_body(body) if body else None
        query = DutyQuery(industry=industry, body=body, canonical_body=canonical.canonical if canonical else None,
                          alias_note=canonical.note if canonical else None, region=region, doc=doc, relation=relation)
        records = [
            record for record in self.records
            if (not industry or industry in record.duty or industry in record.evidence)
            and (not canonical or record.body == canonical.canonical)
            and (not region or region in (record.region or "") or region in record.title)
            and (not doc or doc == record.doc_id or record.doc_id.startswith(doc) or doc in record.title)
            and (not relation or record.relation == relation)
        ]
        return DutyResult(query=query, records=records)
