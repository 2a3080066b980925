"""Scoring on eval/questions.jsonl: evidence recall@k, MRR, answer keywords, "not found" precision and recall.

A citation is correct evidence when its clause text contains one of the question's evidence spans
(exact substrings of normalized clauses, checked by a test). The same scoring serves every retriever,
so baselines can be compared on equal terms.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.models import Answer

RECALL_AT = (1, 3, 5)
MRR_DEPTH = 10
KEYWORD_DEPTH = 3  # the answerer quotes from its top three clauses


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(
            id=str(data["id"]), question=data["question"], use=data.get("use", "fact"),
            answerable=bool(data.get("answerable", True)), evidence=tuple(data.get("evidence", ())),
            answer_keywords=tuple(data.get("answer_keywords", ())), doc_ids=tuple(data.get("doc_ids", ())),
            paraphrased=bool(data.get("paraphrased", False)),
        )


@dataclass
class Outcome:
    """How one question fared."""

    question: Question
    first_correct_rank: int | None
    found: bool
    keywords_hit: bool


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


def load_questions(path: Path) -> list[Question]:
    with path.open(encoding="utf-8") as handle:
        return [Question.from_dict(json.loads(line)) for line in handle if line.strip()]


def evidence_rank(question: Question, cited_texts: list[str]) -> int | None:
    """1-based rank of the first cited text that contains an evidence span."""
    for rank, text in enumerate(cited_texts[:MRR_DEPTH], start=1):
        if any(span in text for span in question.evidence):
            return rank
    return None


def score(outcomes: list[Outcome]) -> Metrics:
    """Recall@k and MRR over answerable questions; not-found metrics over all."""
    answerable = [o for o in outcomes if o.question.answerable]
    metrics = Metrics(count=len(outcomes))
    if answerable:
        for k in RECALL_AT:
            metrics.recall[k] = _mean(o.first_correct_rank is not None and o.first_correct_rank <= k for o in answerable)
        metrics.mrr = statistics.fmean(1 / o.first_correct_rank if o.first_correct_rank else 0.0 for o in answerable)
        metrics.keyword_hit_rate = _mean(o.keywords_hit for o in answerable)
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


def evaluate(questions: list[Question], ask: Callable[[str], Answer]) -> list[Outcome]:
    """Ask every question and record where the first correct citation stands."""
    outcomes = []
    for question in questions:
        answer = ask(question.question)
        rank = evidence_rank(question, [citation.text for citation in answer.citations])
        keywords = all(keyword in answer.answer for keyword in question.answer_keywords)
        outcomes.append(Outcome(question=question, first_correct_rank=rank, found=answer.found, keywords_hit=keywords))
    return outcomes


def evaluate_ranked(questions: list[Question], retrieve: Callable[[str], list[str]],
                    keyword_depth: int = KEYWORD_DEPTH) -> list[Outcome]:
    """Score a retriever that only ranks texts (a baseline): it never says "not found", and its
    keywords count as hit when they all appear in its top ``keyword_depth`` texts (the context a
    textbook RAG would hand to a reader)."""
    outcomes = []
    for question in questions:
        texts = retrieve(question.question)
        context = "\n".join(texts[:keyword_depth])
        outcomes.append(Outcome(
            question=question, first_correct_rank=evidence_rank(question, texts), found=True,
            keywords_hit=all(keyword in context for keyword in question.answer_keywords),
        ))
    return outcomes


def metric_values(metrics: Metrics) -> dict[str, float]:
    """Flat names for the figures, as used in eval/floors.json and the report."""
    values = {f"recall@{k}": metrics.recall.get(k, 0.0) for k in RECALL_AT}
    values.update(mrr=metrics.mrr, keyword_hit_rate=metrics.keyword_hit_rate,
                  not_found_precision=metrics.not_found_precision, not_found_recall=metrics.not_found_recall,
                  not_found_accuracy=metrics.not_found_accuracy)
    return values


def format_table(outcomes: list[Outcome]) -> str:
    """Overall, per-use and per-document figures as a Markdown table."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[f"use: {outcome.question.use}"].append(outcome)
        if outcome.question.paraphrased:
            groups["paraphrased"].append(outcome)
        for doc_id in outcome.question.doc_ids:
            groups[f"doc: {doc_id}"].append(outcome)
    header = "| subset | n | R@1 | R@3 | R@5 | MRR | keywords | NF precision | NF recall |"
    lines = [header, "|" + "---|" * 9]
    for name, subset in [("all", outcomes), *sorted(groups.items())]:
        m = score(subset)
        recall = [f"{m.recall[k]:.3f}" if m.recall else "–" for k in RECALL_AT]
        lines.append(
            f"| {name} | {m.count} | {' | '.join(recall)} | {m.mrr:.3f} | {m.keyword_hit_rate:.3f} | "
            f"{m.not_found_precision:.3f} | {m.not_found_recall:.3f} |"
        )
    return "\n".join(lines)
