"""Which clauses a quiz draws from: one document, a topic, or the whole corpus, drafts left out."""

from __future__ import annotations

import unicodedata

from assistant.errors import InvalidInputError
from assistant.models import Clause, DocumentMeta
from assistant.quiz.models import QuizRequest
from assistant.store.index import ClauseStore
from assistant.store.tokenize import tokenize
from assistant.text.statuses import status_warning

# Adoption and amendment history (题注) holds dates, not duties.
_SKIPPED_LABELS = frozenset({"题注"})


def normalized(text: str) -> str:
    """NFKC without whitespace: how quiz text is compared with clause text."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def resolve_document(documents: dict[str, DocumentMeta], query: str) -> DocumentMeta:
    """A document named by its id, its title, or a part of its title that names only it."""
    wanted = normalized(query).strip("《》")
    if not wanted:
        raise InvalidInputError("the document name is empty")
    if wanted in documents:
        return documents[wanted]
    titles = {doc_id: normalized(meta.title).strip("《》") for doc_id, meta in documents.items()}
    exact = [doc_id for doc_id, title in titles.items() if title == wanted]
    matches = exact or [doc_id for doc_id, title in titles.items() if wanted in title]
    if len(matches) == 1:
        return documents[matches[0]]
    if not matches:
        raise InvalidInputError(f"no document matches {query!r}; give a document id or a part of its title")
    named = "; ".join(f"{doc_id}（{documents[doc_id].title}）" for doc_id in sorted(matches)[:5])
    raise InvalidInputError(f"{query!r} matches {len(matches)} documents, name one: {named}")


def select_clauses(store: ClauseStore, request: QuizRequest) -> tuple[list[Clause], list[str]]:
    """The clauses to ask from, in corpus order, and warnings about what was left out or included."""
    warnings: list[str] = []
    documents = store.documents
    if request.doc is not None:
        meta = resolve_document(documents, request.doc)
        allowed = {meta.doc_id}
        if warning := status_warning(meta.status):
            warnings.append(f"《{meta.title}》{warning}；题目仅供参考。")
    else:
        allowed = {doc_id for doc_id, meta in documents.items() if request.include_drafts or meta.status != "draft"}
        left_out = sorted(documents[doc_id].title for doc_id in documents.keys() - allowed)
        if left_out:
            warnings.append("未从征求意见稿出题：" + "；".join(f"《{title}》" for title in left_out))
    clauses = [clause for clause in store.clauses if clause.doc_id in allowed and clause.label not in _SKIPPED_LABELS]
    if request.topic is not None:
        clauses = _on_topic(clauses, request.topic)
    return clauses, warnings


def _on_topic(clauses: list[Clause], topic: str) -> list[Clause]:
    """Clauses that contain the topic; failing that, those that contain every word of it."""
    wanted = normalized(topic)
    if not wanted:
        raise InvalidInputError("the topic is empty")
    literal = [clause for clause in clauses if wanted in normalized(clause.text)]
    if literal:
        return literal
    words = set(tokenize(wanted))
    every_word = [clause for clause in clauses if words and all(word in clause.text.lower() for word in words)]
    if not every_word:
        raise InvalidInputError(f"no clause of the selected documents mentions the topic {topic!r}")
    return every_word
