"""The duty map's records: one (body, duty) pair with its source, and what a query asked and found."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Relation = Literal["supervises", "responsible", "lead", "cooperates", "supports", "industry_manager", "chair",
                   "vice_chair", "members", "office"]
RELATION_NAMES: dict[str, str] = {
    "supervises": "监督管理", "responsible": "负责", "lead": "牵头", "cooperates": "配合/联动",
    "supports": "支持保障", "industry_manager": "行业主管", "chair": "主任/组长", "vice_chair": "副主任",
    "members": "成员", "office": "办事机构",
}


class DutyRecord(BaseModel):
    """One (body, duty) pair with its source: the body as the text writes it and its canonical department."""

    body: str
    body_text: str
    body_level: str | None
    alias_note: str | None
    relation: Relation
    duty: str
    evidence: str
    doc_id: str
    title: str
    doc_level: str | None
    region: str | None
    status: str
    clause_id: str
    clause_label: str


class DutyQuery(BaseModel):
    """What was asked of the map, with the canonical department a body query was read as."""

    industry: str | None = None
    body: str | None = None
    canonical_body: str | None = None
    alias_note: str | None = None
    region: str | None = None
    doc: str | None = None
    relation: str | None = None


class DutyResult(BaseModel):
    """A query and the records that answer it, best grouped by document (national first)."""

    query: DutyQuery
    records: list[DutyRecord]

    def by_document(self) -> dict[str, list[DutyRecord]]:
        groups: dict[str, list[DutyRecord]] = {}
        for record in self.records:
            groups.setdefault(record.doc_id, []).append(record)
        return groups
