"""Evaluation over eval/: metrics, baselines, the comparison report (`python -m assistant eval`)."""

from assistant.evaluation.metrics import (
    MRR_DEPTH,
    RECALL_AT,
    Metrics,
    Outcome,
    Question,
    evaluate,
    evaluate_ranked,
    evidence_rank,
    format_table,
    load_questions,
    metric_values,
    score,
)
from assistant.evaluation.run import default_questions, run_evaluation

__all__ = [
    "MRR_DEPTH", "RECALL_AT", "Metrics", "Outcome", "Question", "default_questions", "evaluate", "evaluate_ranked",
    "evidence_rank", "format_table", "load_questions", "metric_values", "run_evaluation", "score",
]
