"""Adding documents to the corpus: validate, copy under a safe name, record provenance, re-index.

A file is parsed before it is copied, so an unreadable one never enters corpus/. If re-indexing
fails or the process is killed, the copies and the manifest are rolled back (now, or by the next
start's recovery): what was stored before is never lost, and no half-added file stays behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import UnreadableDocumentError
from assistant.ingest.corpus import MANIFEST_NAME, corpus_files, doc_id_for, read_manifest
from assistant.ingest.decode import SUPPORTED_SUFFIXES, read_document_text
from assistant.ingest.documents import split_page
from assistant.ingest.formats import ReadLimits
from assistant.ingest.normalize import normalize
from assistant.library.changes import disk_full_named
from assistant.settings import Settings
from assistant.store.durable import make_dir, write_bytes, write_text, writer_lock
from assistant.store.embedder import ClauseEmbedder
from assistant.store.generations import recover
from assistant.store.index import BuildReport, build_index
from assistant.store.journal import pending_add

ADDED_DIR = "added"
_UNSAFE = re.compile(r"[^\w\u3400-\u9fff.\-（）()]+")


@dataclass
class AddReport:
    """Which files went in (with their corpus path), which were already there, which failed and why."""

    added: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    failed: list[UnreadableDocumentError] = field(default_factory=list)
    build: BuildReport | None = None


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the corpus folder or hide itself."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = _UNSAFE.sub("_", stem).strip("._-") or "document"
    return f"{stem[:80]}{suffix.lower()}"


def validate(path: Path, limits: ReadLimits | None = None) -> int:
    """Parse ``path`` as the index would; return its clause count or raise UnreadableDocumentError.

    The type is checked by content (a PDF named .docx is refused), within the size and zip limits.
    """
    if not path.is_file():
        raise UnreadableDocumentError(str(path), "no such file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnreadableDocumentError(path.name, f"unsupported file type; use one of {sorted(SUPPORTED_SUFFIXES)}")
    page = normalize(read_document_text(path, limits))
    documents = split_page(doc_id_for(path.name), path.name, page)
    clauses = sum(len(document.clauses) for document in documents)
    if not clauses:
        raise UnreadableDocumentError(path.name, "no text that could be parsed into clauses")
    return clauses


def add_files(settings: Settings, embedder: ClauseEmbedder, paths: list[Path], progress: bool = True) -> AddReport:
    """Copy each readable file into corpus/added/ and bring the index up to date, all or nothing.

    Under the writer lock, the add is journaled before anything is written (store/journal.py): a
    failure or a kill before the new index is live undoes the copies and the manifest's provenance.
    """
    with writer_lock(settings.index_dir), disk_full_named("adding documents"):
        recover(settings)
        return _add(settings, embedder, paths, progress)


def _add(settings: Settings, embedder: ClauseEmbedder, paths: list[Path], progress: bool) -> AddReport:
    corpus_dir = settings.corpus_dir
    report = AddReport()
    digests = {_digest(path): path for path in corpus_files(corpus_dir)}
    taken_ids = {doc_id_for(path.name) for path in corpus_files(corpus_dir)}
    manifest_path = corpus_dir / MANIFEST_NAME
    manifest = read_manifest_data(manifest_path)
    planned: list[tuple[Path, Path]] = []
    limits = ReadLimits.from_settings(settings)
    for path in paths:
        try:
            validate(path, limits)
        except UnreadableDocumentError as error:
            report.failed.append(error)
            continue
        digest = _digest(path)
        if digest in digests:
            report.unchanged.append((str(path), digests[digest].relative_to(corpus_dir).as_posix()))
            continue
        target = _free_target(corpus_dir / ADDED_DIR, safe_name(path.name), taken_ids)
        planned.append((path, target))
        digests[digest] = target
        taken_ids.add(doc_id_for(target.name))
        report.added.append((str(path), target.relative_to(corpus_dir).as_posix()))
    if not planned:
        return report
    with pending_add(corpus_dir, [relative for _, relative in report.added], manifest_path):
        for source, target in planned:
            make_dir(target.parent)
            write_bytes(target, source.read_bytes())
        _record_provenance(manifest_path, manifest, report.added)
        report.build = build_index(settings, embedder, progress=progress)
    return report


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _free_target(folder: Path, name: str, taken_ids: set[str]) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate, number = stem, 1
    while (folder / f"{candidate}{suffix}").exists() or candidate in taken_ids:
        number += 1
        candidate = f"{stem}-{number}"
    return folder / f"{candidate}{suffix}"


def read_manifest_data(manifest_path: Path) -> dict:
    """The corpus manifest, read before anything is written so a damaged one stops the add cleanly."""
    if not manifest_path.exists():
        return {"documents": {}}
    read_manifest(manifest_path.parent)  # raises CorpusDamagedError naming the problem
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def _record_provenance(manifest_path: Path, data: dict, added: list[tuple[str, str]]) -> None:
    today = dt.date.today().isoformat()
    for original, relative in added:
        data.setdefault("documents", {})[relative] = {
            "source": f"用户以 assistant add 添加（原文件名 {Path(original).name}，{today}）",
        }
    write_text(manifest_path, json.dumps(data, ensure_ascii=False, indent=2))
