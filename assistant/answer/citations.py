"""The one citation builder: a clause of a document, at a rank, as ../shared/CONTRACT.md fixes it.

Every answer path (search, article lookup, duty map, obligations checklist, chat) cites through here,
and names the drafts and no longer valid documents it cites through ``status_warnings``.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.errors import IndexNotReadyError
from assistant.models import Citation, Clause, DocumentMeta
from assistant.store.index import ClauseStore
from assistant.text.statuses import status_warning


def cite(rank: int, clause: Clause, meta: DocumentMeta, score: float) -> Citation:
    """The contract's citation of ``clause`` of the document ``meta``."""
    return Citation(
        rank=rank, doc_id=meta.doc_id, title=meta.title, doc_number=meta.doc_number, issuer=meta.issuer,
        date=meta.date, status=meta.status, clause_id=clause.clause_id, clause_label=clause.label,
        text=clause.text, score=round(score, 6), status_reason=meta.status_evidence,
        place=meta.region if meta.level != "national" else None,
    )


def cite_stored(rank: int, clause_id: str, store: ClauseStore) -> Citation:
    """A clause of the store cited by id at ``rank`` (scored 1/rank: these answers are composed, not searched)."""
    clause = store.clause(clause_id)
    if clause is None:  # a map built from another store than the one given
        raise IndexNotReadyError(f"clause {clause_id} is not in the index")
    return cite(rank, clause, store.documents[clause.doc_id], 1.0 / rank)


def cite_first(clause_ids: Iterable[str], store: ClauseStore, k: int) -> tuple[dict[str, int], list[Citation]]:
    """The first ``k`` distinct clauses of ``clause_ids``, in that order: each one's rank, and their citations."""
    rank_of: dict[str, int] = {}
    for clause_id in clause_ids:
        if clause_id not in rank_of and len(rank_of) < k:
            rank_of[clause_id] = len(rank_of) + 1
    return rank_of, [cite_stored(rank, clause_id, store) for clause_id, rank in rank_of.items()]


def status_warnings(citations: list[Citation]) -> list[str]:
    """One warning per cited document that is a draft or no longer valid, naming all its citations."""
    ranks: dict[str, list[int]] = {}
    for citation in citations:
        if status_warning(citation.status):
            ranks.setdefault(citation.doc_id, []).append(citation.rank)
    by_id = {citation.doc_id: citation for citation in citations}
    return [
        f"引用{''.join(f'[{rank}]' for rank in doc_ranks)}《{by_id[doc_id].title}》"
        f"{status_warning(by_id[doc_id].status)}{_reason(by_id[doc_id])}，请勿作为现行依据。"
        for doc_id, doc_ranks in ranks.items()
    ]


def _reason(citation: Citation) -> str:
    """The status's reason in brackets, when the texts give one and it is not the draft's own title."""
    if not citation.status_reason or citation.status == "draft":
        return ""
    return f"（{citation.status_reason}）"
