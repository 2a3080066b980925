"""Give every parsed document its force, dates and revision links (run once per corpus load).

The manifest's curated values win; the 题注, the closing articles and the title fill what it leaves
empty. What is in force is then read from the texts themselves, each status with its reason: a newer
version of the same document (same title and place, or nearly the same text, later date) supersedes
the older one; a repeal clause of another text (《A》同时废止) repeals the text it names. Both stay
retrievable, marked, and are cited only when a question names them or asks about a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from assistant.legal.force import derive_force
from assistant.legal.names import DocumentNameIndex, document_names
from assistant.legal.repeals import Repeal, find_repeals, stated_effective_date
from assistant.legal.validity import in_force_from, read_timeline, version_date
from assistant.models import DocumentMeta, ParsedDocument

NEAR_IDENTICAL = 0.8  # share of clause texts two versions of one document have in common


def annotate(documents: list[ParsedDocument], today: str | None = None) -> list[ParsedDocument]:
    """The documents with force, timeline and supersession filled in, as of ``today`` (default: the clock):
    a text whose effective date is still ahead is not yet in force, and the version or text it replaces
    stays in force until that day."""
    today = today or dt.date.today().isoformat()
    annotated = [ParsedDocument(meta=_with_timeline_and_force(document), clauses=document.clauses)
                 for document in documents]
    successors = _successors(annotated)
    repeals = {repeal.repealed_doc_id: repeal
               for repeal in find_repeals(annotated, DocumentNameIndex(document.meta for document in annotated))}
    metas = {document.meta.doc_id: document.meta for document in annotated}
    result = []
    for document in annotated:
        newer = successors.get(document.meta.doc_id)
        meta = document.meta
        if document.meta.doc_id in repeals:
            meta = _repealed(meta, repeals[document.meta.doc_id], metas, today)
        elif newer is not None:
            meta = _superseded(meta, newer, today)
        if meta.status in ("in_force", "unknown") and (start := in_force_from(meta)) and start > today:
            meta = replace(meta, status="not_yet_in_force", status_evidence=f"尚未施行：{start} 起施行")
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
    elif meta.effective is None and (stated := stated_effective_date(document)):
        latest = max(timeline.amendments, default="")
        if stated >= latest:  # an older commencement date belongs to the first version, not to this text
            values["effective"] = stated
    if not meta.amendments and timeline.amendments:
        values["amendments"] = timeline.amendments
    if meta.level is None and meta.region is None and timeline.enacted_by:
        # a text added without a manifest (``add``) names no place, but its 题注 names who enacted it
        values["level"] = "national"
        values["issuer"] = meta.issuer or timeline.enacted_by
    if meta.force is None:
        values["force"] = derive_force(replace(meta, **values))
    return replace(meta, **values) if values else meta


def _successors(documents: list[ParsedDocument]) -> dict[str, DocumentMeta]:
    """Older doc_id → the newest other version of the same document."""
    versions = [document for document in documents if document.meta.status != "draft" and version_date(document.meta)]
    successors: dict[str, DocumentMeta] = {}
    for older in versions:
        for newer in versions:
            if newer is older or version_date(newer.meta) <= version_date(older.meta):  # type: ignore[operator]
                continue
            if _same_document(older, newer):
                current = successors.get(older.meta.doc_id)
                if current is None or version_date(newer.meta) > version_date(current):  # type: ignore[operator]
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


def _superseded(meta: DocumentMeta, newer: DocumentMeta, today: str) -> DocumentMeta:
    since = in_force_from(newer) or version_date(newer)
    if since and since > today:  # the new version is not in force yet: this one still is, until then
        return replace(meta, superseded_by=newer.doc_id)
    evidence = (f"已被新版本取代：语料中的《{newer.title}》（{version_date(newer)} 版，{since} 起施行）"
                f"是同一文件的更新版本（{newer.doc_id}）")
    if meta.status == "repealed":
        return replace(meta, superseded_by=newer.doc_id)
    return replace(meta, superseded_by=newer.doc_id, status="superseded", status_evidence=evidence)


def _repealed(meta: DocumentMeta, repeal: Repeal, metas: dict[str, DocumentMeta], today: str) -> DocumentMeta:
    repealer = metas[repeal.by_doc_id]
    since = in_force_from(repealer)
    if since and since > today:  # repealed from a day still ahead: in force until then
        return replace(meta, repealed=since, repealed_by=repeal.clause.clause_id)
    evidence = f"已废止：《{repealer.title}》{repeal.clause.label}规定" + (f"，{since} 起" if since else "")
    return replace(meta, status="repealed", status_evidence=evidence, repealed=since, repealed_by=repeal.clause.clause_id)
