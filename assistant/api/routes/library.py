"""The corpus as a library: documents with metadata and clause trees, single clauses; adding, removing, replacing."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message, Receive

from assistant.api.deps import Live, live_service, reader
from assistant.api.schemas import (
    ERRORS,
    ClauseDetail,
    DocumentDetail,
    DocumentSummary,
    RemoveResponse,
    ReplaceResponse,
    UploadResponse,
)
from assistant.api.security import PresentedKey, require_writer
from assistant.errors import InvalidInputError, TooLargeError
from assistant.service.live import LiveService
from assistant.store.index import BuildReport

# Room for the multipart envelope around the file itself.
MULTIPART_OVERHEAD = 64 * 1024

router = APIRouter(prefix="/v1", tags=["library"], responses=ERRORS)
READS = [Depends(reader)]


@router.get("/documents", response_model=list[DocumentSummary], dependencies=READS)
def list_documents(live: Live) -> list[dict]:
    """Every indexed document with its metadata, status (drafts and expired texts flagged) and clause count."""
    return live.snapshot.library.documents()


@router.get("/documents/{doc_id}", response_model=DocumentDetail, dependencies=READS)
def get_document(doc_id: str, live: Live) -> dict:
    """One document: metadata, its clauses in reading order (with 款/项 parts) and the heading tree."""
    return live.snapshot.library.document(doc_id)


@router.get("/clauses/{clause_id}", response_model=ClauseDetail, dependencies=READS)
def get_clause(clause_id: str, live: Live) -> dict:
    """One clause, whole: text, label, heading path, its document, and the previous and next clauses."""
    return live.snapshot.library.clause(clause_id)


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "a .txt, .md, .html, .docx or .pdf document"}},
}}}}}


@router.post("/documents", response_model=UploadResponse, openapi_extra=UPLOAD_BODY)
async def add_document(request: Request, key: PresentedKey) -> dict:
    """Add a document to the corpus and the index without a restart (needs the API key).

    The file is parsed before it is stored; one that cannot be read is refused and nothing changes.
    Questions asked while the index is rebuilt are answered from the previous index.
    """
    live: LiveService = live_service(request)
    require_writer(live.settings, key)
    name, data = await read_upload(request, live)
    report = await run_in_threadpool(live.add_document, name, data)
    stored = {relative for _, relative in report.added + report.unchanged}
    return {
        "added": [{"file": original.rsplit("/", 1)[-1], "stored_as": relative} for original, relative in report.added],
        "unchanged": [{"file": original.rsplit("/", 1)[-1], "stored_as": relative}
                      for original, relative in report.unchanged],
        "documents": [meta for meta in live.snapshot.library.documents() if meta["source_file"] in stored],
        "index": build_figures(report.build),
    }


@router.delete("/documents/{doc_id}", response_model=RemoveResponse)
async def remove_document(doc_id: str, request: Request, key: PresentedKey) -> dict:
    """Take a document out of the corpus and the index without a restart (needs the API key).

    All or nothing: a failure leaves the library as it was. Statuses that depended on it (a text it
    repealed or superseded) are derived anew. An unknown id is a 404 naming it.
    """
    live: LiveService = live_service(request)
    require_writer(live.settings, key, "removing documents")
    report = await run_in_threadpool(live.remove_documents, [doc_id])
    if report.failed:
        raise report.failed[0]
    return {"removed": [{"doc_id": removed, "stored_as": relative} for removed, relative in report.removed],
            "index": build_figures(report.build)}


@router.put("/documents/{doc_id}", response_model=ReplaceResponse, openapi_extra=UPLOAD_BODY)
async def replace_document(doc_id: str, request: Request, key: PresentedKey) -> dict:
    """Put a new version of a document in its place, same doc_id, without a restart (needs the API key).

    The new file is parsed first; an unreadable one, or an unknown id, changes nothing. Questions asked
    meanwhile are answered from the previous index, never from a half-replaced one.
    """
    live: LiveService = live_service(request)
    require_writer(live.settings, key, "replacing documents")
    name, data = await read_upload(request, live)
    report = await run_in_threadpool(live.replace_document, doc_id, name, data)
    documents = [meta for meta in live.snapshot.library.documents() if meta["doc_id"] == doc_id]
    return {"doc_id": doc_id, "replaced": report.old_file, "stored_as": report.new_file, "unchanged": report.unchanged,
            "document": documents[0] if documents else None, "index": build_figures(report.build)}


def build_figures(build: BuildReport | None) -> dict | None:
    if build is None:
        return None
    return {"documents": build.documents, "clauses": build.clauses, "chunks": build.chunks,
            "embedded": build.embedded, "seconds": round(build.seconds, 2)}


async def read_upload(request: Request, live: LiveService) -> tuple[str, bytes]:
    """The one file of a multipart upload, within ASSISTANT_MAX_UPLOAD_BYTES: (its name, its bytes)."""
    limit = live.settings.max_upload_bytes
    body = await bounded_body(request, limit + MULTIPART_OVERHEAD)
    buffered = Request(request.scope, _replay(body))
    async with buffered.form(max_files=1, max_fields=1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInputError("send the document as multipart/form-data in a field named 'file'")
        data = await upload.read(limit + 1)
        name = upload.filename
    if len(data) > limit:
        raise TooLargeError(f"the file is larger than {limit} bytes (ASSISTANT_MAX_UPLOAD_BYTES)")
    return name, data


async def bounded_body(request: Request, cap: int) -> bytes:
    """The request body, refused with TooLargeError as soon as it (or its declared length) passes ``cap``."""
    too_large = TooLargeError(f"the upload is larger than the limit of {cap - MULTIPART_OVERHEAD} bytes "
                              "(ASSISTANT_MAX_UPLOAD_BYTES); send a smaller file")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise too_large
    return bytes(body)


def _replay(body: bytes) -> Receive:
    """An ASGI receive that hands over an already read body, so the form parser never reads past the cap."""

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
