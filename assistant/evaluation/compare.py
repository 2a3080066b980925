"""One run, five retrievers, the same questions: the full pipeline against the four baselines."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.evaluation.baselines import Baseline, EmbeddingCost, build_baselines
from assistant.evaluation.metrics import MRR_DEPTH, Outcome, Question, evaluate, evaluate_ranked

if TYPE_CHECKING:
    from assistant.service.assistant import Assistant

PIPELINE = "pipeline"
PIPELINE_LABEL = "(e) full pipeline (hybrid RRF + named references)"


@dataclass
class Comparison:
    """Outcomes per retriever, in display order (baselines first, the pipeline last)."""

    questions: list[Question]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    reachable: dict[str, float] = field(default_factory=dict)
    embedding: EmbeddingCost = field(default_factory=EmbeddingCost)
    seconds: float = 0.0


def compare(assistant: Assistant, questions: list[Question]) -> Comparison:
    """Run every baseline and the pipeline; each question is embedded once for all dense retrievers."""
    started = time.perf_counter()
    settings = assistant.settings
    baselines, cost = build_baselines(settings.corpus_dir, settings.index_dir, assistant.index, assistant.embedder)
    vectors = {question.id: assistant.embedder.query(question.question) for question in questions}
    result = Comparison(questions=questions, embedding=cost)
    for baseline in baselines:
        result.labels[baseline.key] = baseline.label
        result.outcomes[baseline.key] = _run_baseline(baseline, questions, vectors)
        result.reachable[baseline.key] = reachable_share(baseline, questions)
    result.labels[PIPELINE] = PIPELINE_LABEL
    result.outcomes[PIPELINE] = evaluate(questions, lambda text: assistant.ask(text, MRR_DEPTH))
    result.seconds = time.perf_counter() - started
    return result


def _run_baseline(baseline: Baseline, questions: list[Question], vectors: dict[str, np.ndarray]) -> list[Outcome]:
    by_text = {question.question: question.id for question in questions}
    return evaluate_ranked(questions, lambda text: baseline.retrieve(vectors[by_text[text]], text, MRR_DEPTH))


def reachable_share(baseline: Baseline, questions: list[Question]) -> float:
    """Share of answerable questions whose evidence lies whole inside at least one of the baseline's
    chunks: its recall ceiling (a span cut by a chunk border cannot be found)."""
    answerable = [question for question in questions if question.answerable]
    if not answerable:
        return 0.0
    return sum(any(any(span in chunk for chunk in baseline.chunks) for span in q.evidence) for q in answerable) / len(
        answerable
    )
