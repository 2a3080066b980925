"""Cross-references put to work in an answer: what each cited clause refers to, and what punishes a duty.

A safety manager's next question after "must I?" is "what if not?": when the best cited article is a
duty that another article punishes (违反本法第十六条…处…罚款), that article is kept among the
citations and its penalty sentence is quoted, cited.
"""

from __future__ import annotations

import re

from assistant.legal.crossrefs import CrossReferences
from assistant.models import Answer, Clause, ClauseReference, DocumentMeta, Hit

_SENTENCE = re.compile(r"[^。；\n]+[。；]?")
_PENALTY_WORDS = re.compile(r"罚款|处分|警告|没收|吊销|停产停业|拘留|刑事责任")


def with_penalty(hits: list[Hit], references: CrossReferences, k: int, penalty_asked: bool = False) -> list[Hit]:
    """Keep the article punishing the best hit's duty among the k citations: in the last place, or, when the
    question asks what the penalty is (怎么罚), in the first, ahead of the duty it punishes, since the
    article that cites the duty and sets the sanction is what was asked."""
    if not hits:
        return hits
    penalties = references.penalties_for(hits[0].clause.clause_id)
    if not penalties:
        return hits
    if penalty_asked:
        first = next((hit for hit in hits if hit.clause.clause_id == penalties[0].clause_id),
                     Hit(clause=penalties[0], score=hits[0].score))
        rest = [hit for hit in hits if hit.clause.clause_id != first.clause.clause_id]
        return [first, *rest][: max(k, len(hits))]
    cited = {hit.clause.clause_id for hit in hits}
    if k < 3 or any(penalty.clause_id in cited for penalty in penalties):
        return hits
    kept = hits[: k - 1] if len(hits) >= k else hits
    return [*kept, Hit(clause=penalties[0], score=0.0)]


def link_answer(answer: Answer, references: CrossReferences, documents: dict[str, DocumentMeta]) -> None:
    """Fill each citation's references (one hop) and say, cited, what punishes the first cited duty."""
    for citation in answer.citations:
        links = [
            ClauseReference(clause_id=ref.target_clause_id, clause_label=ref.target_label, doc_id=ref.target_doc_id)
            for ref in references.by_source.get(citation.clause_id, [])
            if ref.target_clause_id != citation.clause_id
        ]
        links += [
            ClauseReference(clause_id=penalty.clause_id, clause_label=penalty.label, doc_id=penalty.doc_id,
                            relation="punished_by")
            for penalty in references.penalties_for(citation.clause_id)
        ]
        citation.references = links
    if not answer.found or not answer.citations:
        return
    first = answer.citations[0]
    ranks = {citation.clause_id: citation.rank for citation in answer.citations}
    for penalty in references.penalties_for(first.clause_id):
        rank = ranks.get(penalty.clause_id)
        if rank is None:
            continue
        title = documents[penalty.doc_id].title
        quote = penalty_sentences(penalty, first.clause_label)
        answer.answer += f"\n违反{first.clause_label}的法律责任见《{title}》{penalty.label}：{quote}[{rank}]"


def penalty_sentences(penalty: Clause, duty_label: str) -> str:
    """The sentences of a penalty article that name the duty or set the penalty."""
    text = penalty.text.removeprefix(penalty.label).strip()
    sentences = [sentence.strip() for sentence in _SENTENCE.findall(text) if sentence.strip()]
    chosen = [s for s in sentences if duty_label in s or _PENALTY_WORDS.search(s)]
    return "……".join(chosen[:3]) or text
