"""One run, five retrievers, the same questions: the full pipeline against the four baselines."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.evaluation.baselines import Baseline, EmbeddingCost, build_baselines
from assistant.evaluation.metrics import MRR_DEPTH, Outcome, Question, evaluate, evaluate_ranked
from assistant.legal.filters import SearchFilters
from assistant.models import Answer

if TYPE_CHECKING:
    from assistant.service.assistant import Assistant

PIPELINE = "pipeline"
PIPELINE_LABEL = "(e) full pipeline"
SPLITS = ("dev", "test")


@dataclass
class Comparison:
    """Outcomes per retriever, in display order (baselines first, the pipeline last), over every split."""

    questions: list[Question]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    reachable: dict[str, float] = field(default_factory=dict)
    embedding: EmbeddingCost = field(default_factory=EmbeddingCost)
    seconds: float = 0.0

    @property
    def splits(self) -> list[str]:
        present = {question.split for question in self.questions}
        return [split for split in SPLITS if split in present] + sorted(present - set(SPLITS))

    def split(self, name: str) -> Comparison:
        """The same comparison restricted to one split's questions."""
        keep = {question.id for question in self.questions if question.split == name}
        return Comparison(
            questions=[q for q in self.questions if q.id in keep],
            outcomes={key: [o for o in outcomes if o.question.id in keep] for key, outcomes in self.outcomes.items()},
            labels=self.labels, reachable=self.reachable, embedding=self.embedding, seconds=self.seconds,
        )


def ask_as_user(assistant: Assistant, question: Question, k: int = MRR_DEPTH) -> Answer:
    """The pipeline's answer to a gold question, as a user would ask it through `ask` (with the asker's place)."""
    return assistant.ask(question.question, k, filters=SearchFilters(region=question.region) if question.region else None)


def compare(assistant: Assistant, questions: list[Question]) -> Comparison:
    """Run every baseline and the pipeline; each question is embedded once for all dense retrievers."""
    started = time.perf_counter()
    settings = assistant.settings
    baselines, cost = build_baselines(settings.corpus_dir, settings.index_dir, assistant.index, assistant.embedder,
                                      settings.bundled_dir)
    vectors = {question.id: assistant.embedder.query(question.question) for question in questions}
    result = Comparison(questions=questions, embedding=cost)
    for baseline in baselines:
        result.labels[baseline.key] = baseline.label
        result.outcomes[baseline.key] = _run_baseline(baseline, questions, vectors)
        result.reachable[baseline.key] = reachable_share(baseline, questions)
    result.labels[PIPELINE] = PIPELINE_LABEL
    result.outcomes[PIPELINE] = evaluate(questions, lambda question: ask_as_user(assistant, question))
    result.seconds = time.perf_counter() - started
    return result


def _run_baseline(baseline: Baseline, questions: list[Question], vectors: dict[str, np.ndarray]) -> list[Outcome]:
    return evaluate_ranked(questions, lambda q: baseline.retrieve(vectors[q.id], q.question, MRR_DEPTH))


def reachable_share(baseline: Baseline, questions: list[Question]) -> float:
    """Share of answerable questions whose evidence lies whole inside at least one of the baseline's
    chunks: its recall ceiling (a span cut by a chunk border cannot be found)."""
    answerable = [question for question in questions if question.answerable]
    if not answerable:
        return 0.0
    return sum(any(any(span in chunk for chunk in baseline.chunks) for span in q.evidence) for q in answerable) / len(
        answerable
    )
