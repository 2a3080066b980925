"""Give every parsed document its force, dates and revision links (run once per corpus load).

The manifest's curated values win; the 题注 and title fill what it leaves empty; a newer revision
of the same document (same title, or nearly the same text, later date) supersedes the older one,
which stays retrievable but is marked with what replaced it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.legal.force import derive_force
from assistant.legal.names import document_names
from assistant.legal.validity import in_force_from, read_timeline
from assistant.models import DocumentMeta, ParsedDocument

NEAR_IDENTICAL = 0.8  # share of clause texts two versions of one document have in common


def annotate(documents: list[ParsedDocument]) -> list[ParsedDocument]:
    """The documents with force, timeline and supersession filled in."""
    annotated = [ParsedDocument(meta=_with_timeline_and_force(document), clauses=document.clauses)
                 for document in documents]
    successors = _successors(annotated)
    result = []
    for document in annotated:
        newer = successors.get(document.meta.doc_id)
        meta = document.meta
        if newer is not None:
            meta = _superseded(meta, newer)
        result.append(ParsedDocument(meta=meta, clauses=document.clauses))
    return result


def _with_timeline_and_force(document: ParsedDocument) -> DocumentMeta:
    meta = document.meta
    preamble = next((clause.text for clause in document.clauses if clause.kind == "preamble"), "")
    timeline = read_timeline(preamble)
    values: dict[str, Any] = {}
    if meta.published is None and timeline.published:
        values["published"] = timeline.published
    if meta.effective is None and timeline.effective:
        values["effective"] = timeline.effective
    if not meta.amendments and timeline.amendments:
        values["amendments"] = timeline.amendments
    if meta.force is None:
        values["force"] = derive_force(meta)
    return replace(meta, **values) if values else meta


def _successors(documents: list[ParsedDocument]) -> dict[str, DocumentMeta]:
    """Older doc_id → the newest other version of the same document."""
    versions = [document for document in documents if document.meta.status != "draft" and in_force_from(document.meta)]
    successors: dict[str, DocumentMeta] = {}
    for older in versions:
        for newer in versions:
            if newer is older or in_force_from(newer.meta) <= in_force_from(older.meta):  # type: ignore[operator]
                continue
            if _same_document(older, newer):
                current = successors.get(older.meta.doc_id)
                if current is None or in_force_from(newer.meta) > in_force_from(current):  # type: ignore[operator]
                    successors[older.meta.doc_id] = newer.meta
    return successors


def _same_document(first: ParsedDocument, second: ParsedDocument) -> bool:
    if first.meta.region != second.meta.region:
        return False
    if document_names(first.meta.title) & document_names(second.meta.title):
        return True
    texts = {clause.text for clause in first.clauses}
    other = {clause.text for clause in second.clauses}
    return bool(texts and other) and len(texts & other) / min(len(texts), len(other)) >= NEAR_IDENTICAL


def _superseded(meta: DocumentMeta, newer: DocumentMeta) -> DocumentMeta:
    since = in_force_from(newer)
    status = meta.status if meta.status in ("repealed", "expired") else "expired"
    evidence = f"语料中有更新的版本《{newer.title}》（{since} 起施行），本文本已被其取代"
    return replace(meta, superseded_by=newer.doc_id, status=status,
                   status_evidence=meta.status_evidence if meta.status == status else evidence)
