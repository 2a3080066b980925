"""The corpus folder → parsed documents, with the manifest's facts where the text is silent."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.errors import CorpusDamagedError, UnreadableDocumentError
from assistant.ingest.decode import read_document_text
from assistant.ingest.documents import split_page
from assistant.ingest.formats import ReadLimits
from assistant.ingest.normalize import normalize
from assistant.legal.annotate import annotate
from assistant.models import DocumentMeta, ParsedDocument

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
_SKIPPED_NAMES = {MANIFEST_NAME, "README.md", "README.txt"}
# Manifest fields that describe the whole file, and so every document on the page.
_SHARED_FIELDS = ("source", "level", "region")
_META_FIELDS = {
    "title", "doc_number", "issuer", "date", "published", "effective", "status", "status_evidence",
    "level", "region", "source", "notes", "force", "amendments", "repealed", "superseded_by", "repealed_by",
}


@dataclass
class CorpusLoad:
    """What loading the corpus produced: documents, and the files that could not be read."""

    documents: list[ParsedDocument] = field(default_factory=list)
    failures: list[UnreadableDocumentError] = field(default_factory=list)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every document file under the corpus folder, in a stable order."""
    return sorted(
        path for path in corpus_dir.rglob("*")
        if path.is_file() and path.name not in _SKIPPED_NAMES and not path.name.startswith(".")
    )


def read_manifest(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries, keyed by the file's path relative to the corpus folder."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorpusDamagedError(f"{path} is damaged or truncated ({error}); the documents' curated facts "
                                 "(status, dates, sources) come from it, so restore it from a backup") from error
    documents = data.get("documents", {}) if isinstance(data, dict) else None
    if not isinstance(documents, dict):
        raise CorpusDamagedError(f"{path}: 'documents' must be an object keyed by file path")
    return documents


def doc_id_for(relative: str) -> str:
    """Stable document id: the file's name without its suffix (000_ec815e8a252be08f)."""
    return Path(relative).stem


def load_file(
    path: Path, corpus_dir: Path, manifest: dict[str, dict[str, Any]], limits: ReadLimits | None = None
) -> list[ParsedDocument]:
    """Parse one corpus file into its documents; raises UnreadableDocumentError naming the file."""
    relative = path.relative_to(corpus_dir).as_posix()
    text = read_document_text(path, limits)
    page = normalize(text)
    if not page.paragraphs:
        raise UnreadableDocumentError(path.name, "no document text left after removing page furniture")
    documents = split_page(doc_id_for(relative), relative, page)
    entry = manifest.get(relative, {})
    return [apply_manifest(document, entry, is_main=index == 0) for index, document in enumerate(documents)]


def apply_manifest(document: ParsedDocument, entry: dict[str, Any], is_main: bool) -> ParsedDocument:
    """Let the manifest fill or correct what the text itself cannot tell (curated facts win)."""
    if not entry:
        return document
    values = {key: entry[key] for key in _SHARED_FIELDS if key in entry}
    if is_main:
        values.update({key: value for key, value in entry.items() if key in _META_FIELDS})
    part = entry.get("parts", {}).get(document.meta.doc_id, {})
    values.update({key: value for key, value in part.items() if key in _META_FIELDS})
    if "notes" in values:
        values["notes"] = tuple(document.meta.notes) + tuple(values["notes"])
    meta: DocumentMeta = replace(document.meta, **values)
    return ParsedDocument(meta=meta, clauses=document.clauses)


def load_corpus(corpus_dir: Path, limits: ReadLimits | None = None, today: str | None = None) -> CorpusLoad:
    """Parse every readable file; an unreadable one is reported by name and skipped. Statuses are read
    as of ``today`` (default: the clock)."""
    manifest = read_manifest(corpus_dir)
    result = CorpusLoad()
    seen: set[str] = set()
    for path in corpus_files(corpus_dir):
        try:
            documents = load_file(path, corpus_dir, manifest, limits)
        except UnreadableDocumentError as error:
            log.warning("skipped %s", error)
            result.failures.append(error)
            continue
        for document in documents:
            if document.meta.doc_id in seen:
                result.failures.append(UnreadableDocumentError(path.name, f"duplicate document id {document.meta.doc_id}"))
                continue
            seen.add(document.meta.doc_id)
            result.documents.append(document)
    result.documents = annotate(result.documents, today)
    return result
