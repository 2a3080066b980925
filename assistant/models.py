"""Plain data passed between layers: documents, clauses, hits, citations and answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["in_force", "draft", "expired", "repealed", "superseded", "not_yet_in_force", "unknown"]
Level = Literal["national", "provincial", "city", "county"]

@dataclass(frozen=True)
class DocumentMeta:
    """What a document says about itself (or the manifest says where the text cannot); None = unknown."""

    doc_id: str
    title: str
    source_file: str
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    published: str | None = None
    effective: str | None = None
    status: Status = "unknown"
    status_evidence: str | None = None
    level: Level | None = None
    region: str | None = None
    kind: str = "document"
    part_of: str | None = None
    attachments: tuple[str, ...] = ()
    source: str | None = None
    notes: tuple[str, ...] = ()
    force: str | None = None  # 效力层级: 法律, 行政法规, 司法解释, 部门规章, … (assistant/legal/force.py)
    amendments: tuple[str, ...] = ()  # dates of 修正/修订, oldest first
    repealed: str | None = None  # date of repeal, when known
    superseded_by: str | None = None  # doc_id of a newer version in the corpus
    repealed_by: str | None = None  # clause_id of the clause of another text that repeals this one

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["attachments"] = list(self.attachments)
        data["notes"] = list(self.notes)
        data["amendments"] = list(self.amendments)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        values = dict(data)
        values["attachments"] = tuple(values.get("attachments") or ())
        values["notes"] = tuple(values.get("notes") or ())
        values["amendments"] = tuple(values.get("amendments") or ())
        return cls(**values)


@dataclass(frozen=True)
class ClausePart:
    """A 款 or 项 inside an article, citable on its own (第二十一条第（三）项)."""

    label: str
    text: str


@dataclass(frozen=True)
class Clause:
    """The unit that is retrieved and cited: an article, or a numbered item of a policy document."""

    clause_id: str
    doc_id: str
    label: str
    heading_path: tuple[str, ...]
    text: str
    order: int
    kind: str
    parts: tuple[ClausePart, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["heading_path"] = list(self.heading_path)
        data["parts"] = [asdict(part) for part in self.parts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        values = dict(data)
        values["heading_path"] = tuple(values.get("heading_path") or ())
        values["parts"] = tuple(ClausePart(**part) for part in values.get("parts") or ())
        return cls(**values)


@dataclass(frozen=True)
class ParsedDocument:
    """A document with its clause tree flattened in reading order."""

    meta: DocumentMeta
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Hit:
    """A clause found for a question, with the evidence of each retriever."""

    clause: Clause
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None


class ClauseReference(BaseModel):
    """A clause that a cited clause refers to (依照本法第X条, 前款), or that punishes its breach."""

    clause_id: str
    clause_label: str
    doc_id: str
    relation: Literal["refers_to", "punished_by"] = "refers_to"


class Citation(BaseModel):
    """One cited clause, exactly as ../shared/CONTRACT.md fixes it (plus optional added fields)."""

    rank: int
    doc_id: str
    title: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    status: Status
    clause_id: str
    clause_label: str
    text: str
    score: float
    status_reason: str | None = None  # why the status holds, read from the texts (已废止：《…》第七十六条规定)
    place: str | None = None  # where a local text applies (浙江省宁波市); None for national law
    references: list[ClauseReference] = Field(default_factory=list)  # one hop, assistant/legal/crossrefs.py


class Answer(BaseModel):
    """The result of one question (CONTRACT.md); ``id`` only when the question came from a batch."""

    id: Any | None = Field(default=None)
    question: str
    answer: str
    found: bool
    citations: list[Citation]
    warnings: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        data = self.model_dump()
        if self.id is None:
            data.pop("id")
        return data
