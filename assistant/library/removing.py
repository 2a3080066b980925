"""Taking documents out of the library, or putting a new version in one's place, all or nothing.

Both go the way an add goes (adding.py): under the writer lock, journaled before anything is written
(store/journal.py keeps the bytes of the files taken out), then one rebuild whose unchanged text comes
from the embedding cache, so only a replacement's own text is embedded. A failure or a kill before the
new index is live puts back the old files and manifest. The rebuild rereads every text, so statuses
that depend on other documents (superseded by a later version, repealed by another's clause) follow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import UnknownDocumentError, UnreadableDocumentError
from assistant.ingest.corpus import MANIFEST_NAME, corpus_files
from assistant.ingest.formats import ReadLimits
from assistant.library.adding import read_manifest_data, validate
from assistant.library.changes import disk_full_named, document_file
from assistant.settings import Settings
from assistant.store.durable import remove, write_bytes, write_text, writer_lock
from assistant.store.embedder import ClauseEmbedder
from assistant.store.generations import recover
from assistant.store.index import BuildReport, build_index
from assistant.store.journal import pending_change

# Manifest facts that describe a document's place, not one version of its text: a replacement keeps them.
PLACE_FIELDS = ("level", "region")


@dataclass
class RemoveReport:
    """Which documents went out (doc_id, corpus path), which ids could not be removed and why."""

    removed: list[tuple[str, str]] = field(default_factory=list)
    failed: list[UnknownDocumentError] = field(default_factory=list)
    build: BuildReport | None = None


@dataclass
class ReplaceReport:
    """The document replaced: its id, the old and the new corpus path; unchanged when the bytes were the same."""

    doc_id: str
    old_file: str
    new_file: str
    unchanged: bool = False
    build: BuildReport | None = None


def remove_documents(settings: Settings, embedder: ClauseEmbedder, doc_ids: list[str],
                     progress: bool = True) -> RemoveReport:
    """Take the files of ``doc_ids`` out of corpus/ and the manifest and rebuild the index, in one journaled change.

    Unknown ids are reported in ``failed``; the others are removed.
    """
    with writer_lock(settings.index_dir), disk_full_named("removing documents"):
        recover(settings)
        corpus_dir = settings.corpus_dir
        report = RemoveReport()
        targets: dict[Path, str] = {}
        for doc_id in dict.fromkeys(doc_ids):
            try:
                targets.setdefault(document_file(corpus_dir, doc_id), doc_id)
            except UnknownDocumentError as error:
                report.failed.append(error)
        if not targets:
            return report
        manifest_path = corpus_dir / MANIFEST_NAME
        manifest = read_manifest_data(manifest_path)
        relatives = [path.relative_to(corpus_dir).as_posix() for path in targets]
        with pending_change(corpus_dir, [], relatives, manifest_path):
            for path in targets:
                remove(path)
            for relative in relatives:
                manifest.get("documents", {}).pop(relative, None)
            write_text(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2))
            report.build = build_index(settings, embedder, progress=progress)
        report.removed = [(doc_id, relative) for doc_id, relative in zip(targets.values(), relatives)]
        return report


def replace_document(settings: Settings, embedder: ClauseEmbedder, doc_id: str, path: Path,
                     progress: bool = True) -> ReplaceReport:
    """Put ``path`` in the place of document ``doc_id``: same folder and id, the manifest's place kept.

    The curated facts of the old text (title, dates, status) are dropped with it: they describe the old
    version, and the new text states its own. Raises UnknownDocumentError or UnreadableDocumentError
    before anything is written.
    """
    with writer_lock(settings.index_dir), disk_full_named(f"replacing {doc_id}"):
        recover(settings)
        corpus_dir = settings.corpus_dir
        old = document_file(corpus_dir, doc_id)
        validate(path, ReadLimits.from_settings(settings))
        data = path.read_bytes()
        new = old.with_suffix(path.suffix.lower())
        old_relative, new_relative = (file.relative_to(corpus_dir).as_posix() for file in (old, new))
        report = ReplaceReport(doc_id=doc_id, old_file=old_relative, new_file=new_relative)
        if data == old.read_bytes():
            report.unchanged = True
            return report
        _refuse_duplicate(corpus_dir, old, data, path.name)
        manifest_path = corpus_dir / MANIFEST_NAME
        manifest = read_manifest_data(manifest_path)
        documents = manifest.setdefault("documents", {})
        before = documents.pop(old_relative, {})
        documents[new_relative] = {
            **{key: before[key] for key in PLACE_FIELDS if key in before},
            "source": f"用户以 assistant replace 替换（原文件名 {path.name}，{dt.date.today().isoformat()}）",
        }
        with pending_change(corpus_dir, [new_relative], [old_relative], manifest_path):
            remove(old)
            write_bytes(new, data)
            write_text(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2))
            report.build = build_index(settings, embedder, progress=progress)
        return report


def _refuse_duplicate(corpus_dir: Path, old: Path, data: bytes, name: str) -> None:
    """A replacement that is byte for byte another stored document would make that document twice."""
    digest = hashlib.sha256(data).digest()
    for other in corpus_files(corpus_dir):
        if other != old and hashlib.sha256(other.read_bytes()).digest() == digest:
            raise UnreadableDocumentError(name, f"the same text is already in the corpus as {other.relative_to(corpus_dir)}")
