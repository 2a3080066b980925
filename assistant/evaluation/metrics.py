"""Scoring on eval/: evidence recall@k, MRR, answer keywords, "not found" precision and recall.

A citation is correct evidence when it comes from one of the question's documents and its text
contains one of the question's evidence spans. Spans are normalized the way the corpus is (romanization,
script, punctuation), since their writers copied them from the raw texts. The same scoring serves every
retriever, so baselines are compared on equal terms. Questions come in two splits: ``dev`` (tune on it)
and ``test`` (sealed: figures only).
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.ingest.normalize import rejoin_broken_lines, strip_romanization, to_simplified, unify_line
from assistant.models import Answer

RECALL_AT = (1, 3, 5)
MRR_DEPTH = 10
KEYWORD_DEPTH = 3  # the answerer quotes from its top three clauses
PARTS_DEPTH = 5  # a two-part or comparison question is served when every part is among the first five

Cited = tuple[str, str]  # (doc_id, text) of one retrieved clause or chunk


def normalized(text: str) -> str:
    """Text as the corpus pipeline cleans it: romanization, script, punctuation, broken lines.
    Paragraphs are joined without a break, so a span is never lost at a line end."""
    text, _ = strip_romanization(text)
    text, _ = to_simplified(text)
    lines = [line for line in (unify_line(raw) for raw in text.splitlines()) if line]
    return "".join(rejoin_broken_lines(lines))


@dataclass(frozen=True)
class Question:
    """One gold question."""

    id: str
    question: str
    use: str
    answerable: bool
    evidence: tuple[str, ...]
    answer_keywords: tuple[str, ...]
    doc_ids: tuple[str, ...]
    paraphrased: bool
    tags: tuple[str, ...] = ()
    parts: tuple[tuple[str, ...], ...] = ()
    region: str | None = None
    split: str = "dev"

    @classmethod
    def from_dict(cls, data: dict[str, Any], split: str = "dev") -> Question:
        tags = tuple(data.get("tags", ()))
        if not tags:  # the first sessions' questions: only "paraphrased" says how they are worded
            tags = ("everyday",) if data.get("paraphrased") else ("formal",)
            tags += () if data.get("answerable", True) else ("unanswerable",)
        return cls(
            id=str(data["id"]), question=data["question"], use=data.get("use", "fact"),
            answerable=bool(data.get("answerable", True)),
            evidence=tuple(normalized(span) for span in data.get("evidence", ())),
            answer_keywords=tuple(data.get("answer_keywords", ())), doc_ids=tuple(data.get("doc_ids", ())),
            paraphrased=bool(data.get("paraphrased", "everyday" in tags)), tags=tags,
            parts=tuple(tuple(normalized(span) for span in part) for part in data.get("parts", ())),
            region=data.get("region") or None, split=split,
        )


@dataclass
class Outcome:
    """How one question fared."""

    question: Question
    first_correct_rank: int | None
    found: bool
    keywords_hit: bool
    parts_rank: int | None = None  # rank by which every part had a correct citation (two-part, comparison)


@dataclass
class Metrics:
    """Aggregates over a set of outcomes."""

    count: int = 0
    recall: dict[int, float] = field(default_factory=dict)
    mrr: float = 0.0
    keyword_hit_rate: float = 0.0
    not_found_precision: float = 0.0
    not_found_recall: float = 0.0
    not_found_accuracy: float = 0.0
    answered_rate: float = 0.0  # answerable questions answered (not "not found")
    all_parts_at_5: float | None = None  # two-part and comparison questions with every part in the top five


def load_questions(path: Path, split: str = "dev") -> list[Question]:
    with path.open(encoding="utf-8") as handle:
        return [Question.from_dict(json.loads(line), split) for line in handle if line.strip()]


def from_document(question: Question, doc_id: str) -> bool:
    """A cited document is one of the question's (an attachment, 000_…-att1, belongs to its file 000_…)."""
    return not question.doc_ids or any(doc_id == wanted or doc_id.startswith(f"{wanted}-") for wanted in question.doc_ids)


def _first_rank(question: Question, spans: Iterable[str], cited: list[Cited], depth: int) -> int | None:
    spans = tuple(spans)
    for rank, (doc_id, text) in enumerate(cited[:depth], start=1):
        if from_document(question, doc_id) and any(span in text for span in spans):
            return rank
    return None


def evidence_rank(question: Question, cited: list[Cited]) -> int | None:
    """1-based rank of the first citation from the question's documents that contains an evidence span."""
    return _first_rank(question, question.evidence, cited, MRR_DEPTH)


def parts_rank(question: Question, cited: list[Cited]) -> int | None:
    """The rank by which every part of a two-part or comparison question has its evidence; None if one never does."""
    if not question.parts:
        return None
    ranks = [_first_rank(question, part, cited, MRR_DEPTH) for part in question.parts]
    return None if None in ranks else max(rank for rank in ranks if rank is not None)


def score(outcomes: list[Outcome]) -> Metrics:
    """Recall@k, MRR and parts over answerable questions; not-found metrics over all."""
    answerable = [o for o in outcomes if o.question.answerable]
    metrics = Metrics(count=len(outcomes))
    if answerable:
        for k in RECALL_AT:
            metrics.recall[k] = _mean(o.first_correct_rank is not None and o.first_correct_rank <= k for o in answerable)
        metrics.mrr = statistics.fmean(1 / o.first_correct_rank if o.first_correct_rank else 0.0 for o in answerable)
        metrics.keyword_hit_rate = _mean(o.keywords_hit for o in answerable)
        metrics.answered_rate = _mean(o.found for o in answerable)
    with_parts = [o for o in answerable if o.question.parts]
    if with_parts:
        metrics.all_parts_at_5 = _mean(o.parts_rank is not None and o.parts_rank <= PARTS_DEPTH for o in with_parts)
    said_not_found = [o for o in outcomes if not o.found]
    truly_not_found = [o for o in outcomes if not o.question.answerable]
    correct_not_found = [o for o in said_not_found if not o.question.answerable]
    metrics.not_found_precision = len(correct_not_found) / len(said_not_found) if said_not_found else 1.0
    metrics.not_found_recall = len(correct_not_found) / len(truly_not_found) if truly_not_found else 1.0
    metrics.not_found_accuracy = _mean(o.found == o.question.answerable for o in outcomes) if outcomes else 0.0
    return metrics


def _mean(values: Any) -> float:
    values = list(values)
    return sum(1 for value in values if value) / len(values) if values else 0.0


def evaluate(questions: list[Question], ask: Callable[[Question], Answer]) -> list[Outcome]:
    """Ask every question and record where the first correct citation stands."""
    outcomes = []
    for question in questions:
        answer = ask(question)
        cited = [(citation.doc_id, citation.text) for citation in answer.citations]
        keywords = all(keyword in answer.answer for keyword in question.answer_keywords)
        outcomes.append(Outcome(question=question, first_correct_rank=evidence_rank(question, cited), found=answer.found,
                                keywords_hit=keywords, parts_rank=parts_rank(question, cited)))
    return outcomes


def evaluate_ranked(questions: list[Question], retrieve: Callable[[Question], list[Cited]],
                    keyword_depth: int = KEYWORD_DEPTH) -> list[Outcome]:
    """Score a retriever that only ranks texts (a baseline): it never says "not found", and its
    keywords count as hit when they all appear in its top ``keyword_depth`` texts (the context a
    textbook RAG would hand to a reader)."""
    outcomes = []
    for question in questions:
        cited = retrieve(question)
        context = "\n".join(text for _, text in cited[:keyword_depth])
        outcomes.append(Outcome(
            question=question, first_correct_rank=evidence_rank(question, cited), found=True,
            keywords_hit=all(keyword in context for keyword in question.answer_keywords),
            parts_rank=parts_rank(question, cited),
        ))
    return outcomes


def metric_values(metrics: Metrics) -> dict[str, float]:
    """Flat names for the figures, as used in eval/floors.json and the report."""
    values = {f"recall@{k}": metrics.recall.get(k, 0.0) for k in RECALL_AT}
    values.update(mrr=metrics.mrr, keyword_hit_rate=metrics.keyword_hit_rate,
                  not_found_precision=metrics.not_found_precision, not_found_recall=metrics.not_found_recall,
                  not_found_accuracy=metrics.not_found_accuracy, answered_rate=metrics.answered_rate)
    if metrics.all_parts_at_5 is not None:
        values["all_parts@5"] = metrics.all_parts_at_5
    return values


def subsets(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """Outcomes grouped by tag and by the part of the library the question is about."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        for tag in outcome.question.tags:
            groups[f"tag: {tag}"].append(outcome)
        groups[f"use: {outcome.question.use}"].append(outcome)
    return dict(sorted(groups.items()))


def format_table(outcomes: list[Outcome]) -> str:
    """Overall, per-tag and per-use figures as a Markdown table."""
    header = "| subset | n | R@1 | R@3 | R@5 | MRR | all parts@5 | answered | NF precision | NF recall |"
    lines = [header, "|" + "---|" * 10]
    for name, subset in [("all", outcomes), *subsets(outcomes).items()]:
        m = score(subset)
        recall = [f"{m.recall[k]:.3f}" if m.recall else "–" for k in RECALL_AT]
        parts = f"{m.all_parts_at_5:.3f}" if m.all_parts_at_5 is not None else "–"
        answered = f"{m.answered_rate:.3f}" if m.recall else "–"
        lines.append(f"| {name} | {m.count} | {' | '.join(recall)} | {m.mrr:.3f} | {parts} | {answered} | "
                     f"{m.not_found_precision:.3f} | {m.not_found_recall:.3f} |")
    return "\n".join(lines)
