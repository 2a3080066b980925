"""Request bodies and the response shapes published in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.legal.filters import LEVELS, SearchFilters
from assistant.legal.force import FORCES
from assistant.models import Citation, Status


class AskRequest(BaseModel):
    """A question; ``k`` citations wanted (default from settings, at most ASSISTANT_API_MAX_K)."""

    question: str = Field(description="the question, in Chinese", examples=["安委会主任由谁担任？"])
    k: int | None = Field(default=None, description="number of citations (default 5)")
    as_of: str | None = Field(default=None, description="YYYY-MM-DD: answer only from texts in force that day",
                              examples=["2024-06-01"])
    force: list[str] | str | None = Field(
        default=None, description="only these kinds of text (a list, or comma-separated): " + "、".join(FORCES))
    level: list[str] | str | None = Field(
        default=None, description="only these levels (a list, or comma-separated): " + ", ".join(LEVELS))
    region: str | None = Field(default=None, description="the asker's place (宁波, 浙江省宁波市): national law, that "
                               "place's and its province's texts; 全国 = national only")

    def filters(self) -> SearchFilters | None:
        """The hard filters asked for, or None; unknown values raise InvalidInputError (422)."""
        def joined(value: list[str] | str | None) -> str | None:
            return ",".join(value) if isinstance(value, list) else value

        filters = SearchFilters.parse(joined(self.force), joined(self.level), self.region, self.as_of)
        return filters if filters.active else None


class ChatRequest(BaseModel):
    """One turn of a conversation: omit ``conversation_id`` to start one, send it back to follow up."""

    conversation_id: str | None = Field(default=None, description="from the previous turn's answer; omit to start")
    question: str = Field(description="the question or follow-up, in Chinese", examples=["它的罚则是什么？"])
    k: int | None = Field(default=None, description="number of citations (default 5)")


class SearchHit(Citation):
    """A ranked clause with each retriever's evidence."""

    heading_path: list[str]
    dense_score: float | None
    lexical_score: float | None


class SearchResponse(BaseModel):
    question: str
    hits: list[SearchHit]


class ErrorDetail(BaseModel):
    code: str = Field(description="stable, machine-readable: invalid_request, invalid_input, not_found, …")
    message: str = Field(description="what went wrong and what to fix")


class ErrorResponse(BaseModel):
    error: ErrorDetail


class DocumentSummary(BaseModel):
    """A document's metadata (null where the text and the manifest say nothing)."""

    doc_id: str
    title: str
    source_file: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    published: str | None
    effective: str | None
    status: Status
    status_evidence: str | None
    status_warning: str | None = Field(description="set for drafts and texts no longer in force")
    place: str | None = Field(default=None, description="where it applies: 全国 for national texts, else its region")
    version_date: str | None = Field(default=None, description="the date of this version of the text")
    level: str | None
    region: str | None
    kind: str
    part_of: str | None
    attachments: list[str]
    source: str | None
    notes: list[str]
    clause_count: int


class ClausePartModel(BaseModel):
    label: str
    text: str


class ClauseModel(BaseModel):
    clause_id: str
    doc_id: str
    label: str
    heading_path: list[str]
    text: str
    order: int
    kind: str
    parts: list[ClausePartModel]


class DocumentDetail(DocumentSummary):
    clauses: list[ClauseModel]
    tree: list[dict[str, Any]] = Field(description="headings nested: {heading, clauses: [{clause_id, label}], children}")


class ClauseDetail(ClauseModel):
    document: DocumentSummary
    previous: ClauseModel | None
    next: ClauseModel | None


class AddedFile(BaseModel):
    file: str = Field(description="the uploaded file name, sanitized")
    stored_as: str = Field(description="path inside the corpus folder")


class RemovedDocument(BaseModel):
    doc_id: str
    stored_as: str = Field(description="the path inside the corpus folder it had")


class RemoveResponse(BaseModel):
    removed: list[RemovedDocument]
    index: dict[str, Any] | None = Field(description="build figures: documents, clauses, chunks, embedded, seconds")


class ReplaceResponse(BaseModel):
    doc_id: str
    replaced: str = Field(description="the path inside the corpus folder of the old text")
    stored_as: str = Field(description="the path inside the corpus folder of the new text")
    unchanged: bool = Field(description="the new file was byte for byte the old one: nothing was done")
    document: DocumentSummary | None = Field(description="the document as now indexed")
    index: dict[str, Any] | None = Field(description="build figures: documents, clauses, chunks, embedded, seconds")


class UploadResponse(BaseModel):
    added: list[AddedFile]
    unchanged: list[AddedFile] = Field(description="the same bytes were already in the corpus")
    documents: list[DocumentSummary] = Field(description="the documents now in the index from this file")
    index: dict[str, Any] | None = Field(description="build figures: documents, clauses, chunks, embedded, seconds")


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (401, "API key missing"), (403, "API key wrong, or the operation disabled"), (404, "unknown id"),
        (413, "over the size limit"), (422, "invalid request or input"), (503, "index not loaded yet"),
    )
}
