"""Comparison questions answered side by side: each party's own clauses, each side cited.

Each party (a place or a document) is searched on its own — every clause ranked (a searcher whose
fusion covers the whole index), then kept to the party's documents — so one side's stronger texts
cannot crowd the other out.
Only clauses that contain the topic's words count for a side (semantic closeness alone lets a
document about something else through); a side with nothing says so instead of borrowing.
"""

from __future__ import annotations

from assistant.answer.answerer import Answerer
from assistant.answer.sentences import key_sentences
from assistant.chat.followup import Resolution
from assistant.chat.parsing import DEFAULT_TAIL, compose
from assistant.models import Answer, Hit
from assistant.search.retriever import HybridSearcher, SearchResult
from assistant.search.scope import Party
from assistant.store.tokenize import tokenize

POOL = 30  # a party's best-ranked clauses among which those that speak of the topic are picked
MIN_COVERAGE = 0.5  # share of the topic's words (by length) a clause must contain to count for a side


def topic_coverage(terms: set[str], text: str) -> float:
    """How much of the topic a clause speaks of: its words found in the text, weighted by length."""
    total = sum(len(term) for term in terms)
    return sum(len(term) for term in terms if term in text) / total if total else 0.0


def side_hits(searcher: HybridSearcher, answerer: Answerer, party: Party, topic: str, per_side: int) -> SearchResult:
    """The party's best clauses on the topic; empty hits when none is close enough to count."""
    result = searcher.search(compose((party,), topic, DEFAULT_TAIL), len(searcher.index.store.clauses))
    terms = set(tokenize(topic))
    own = [hit for hit in result.hits if hit.clause.doc_id in party.doc_ids]
    covered = [(topic_coverage(terms, hit.clause.text), position, hit) for position, hit in enumerate(own[:POOL])]
    own = [hit for coverage, _, hit in sorted(covered, key=lambda row: (-row[0], row[1])) if coverage >= MIN_COVERAGE]
    own = own[:per_side]
    best_dense = max((hit.dense_score or 0.0 for hit in own), default=0.0)
    scoped = SearchResult(hits=own, top_dense=best_dense, lexical_coverage=result.lexical_coverage,
                          query_tokens=result.query_tokens)
    return scoped if answerer.is_answerable(scoped) else SearchResult([], best_dense, 0.0, result.query_tokens)


def side_by_side(searcher: HybridSearcher, answerer: Answerer, question: str, resolution: Resolution, k: int,
                 warnings: list[str]) -> Answer:
    """One paragraph per party, quoting its best clause; the citations of all sides in one list.

    ``searcher`` should rank every clause (see chat.wide_searcher), or a party's clauses may be missed.
    """
    per_side = max(1, k // len(resolution.parties))
    sides = [(party, side_hits(searcher, answerer, party, resolution.topic, per_side)) for party in resolution.parties]
    hits: list[Hit] = [hit for _, result in sides for hit in result.hits]
    tokens = set(sides[0][1].query_tokens)
    lines = [f"关于“{resolution.topic}”，各方的规定如下："]
    rank = 1
    for party, result in sides:
        if not result.hits:
            lines.append(f"{party.name}：在{party.name}的文件中没有找到相关条文。")
            continue
        first = result.hits[0].clause
        title = answerer.documents[first.doc_id].title
        quote = key_sentences(first, tokens)
        more = "".join(f"[{rank + offset}]" for offset in range(1, len(result.hits)))
        lines.append(f"{party.name}：《{title}》{first.label}：{quote}[{rank}]" + (f"（另见{more}）" if more else ""))
        rank += len(result.hits)
    found = any(result.hits for _, result in sides)
    if not found:
        lines.append("各方文件中都没有找到能回答这个问题的条文。")
    return answerer.cited(question, hits, "\n".join(lines), found, warnings)
