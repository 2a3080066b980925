"""Fit the clause ranker and the answerability model on the dev questions only, measuring both by
cross-validation (folds by question), and write them to assistant/data/ranker.json.

`python -m assistant train-ranker`. The sealed test questions are never read here. Both models are
L2-regularized logistic regressions over the general features of search/features.py; the answerability
threshold is the one that says "not found" most often on dev's unanswerable questions while still answering
at least MIN_ANSWERED of its answerable ones, in cross-validation: an unsupported answer about a legal duty
is worse than "not found", but an assistant that rarely answers is no help either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.evaluation.metrics import Question, from_document
from assistant.evaluation.run import question_sets
from assistant.search.features import ANSWER_FEATURES, FEATURES
from assistant.search.ranker import LinearModel, Models, write_models

if TYPE_CHECKING:
    from assistant.service import Assistant

FOLDS = 5
SEED = 0
PENALTY = 1.0  # L2 weight on standardized features
RECALL_AT = (1, 5)
MIN_ANSWERED = 0.95  # the share of answerable questions that must still be answered (issue 14's floor)


@dataclass
class Example:
    """One dev question's candidate pool with labels, and its question-level row."""

    question: Question
    features: np.ndarray
    relevant: np.ndarray
    answer_row: np.ndarray | None = None


def collect(assistant: Assistant, questions: list[Question]) -> list[Example]:
    """Each question's candidates as the searcher pools them, labelled by the gold evidence."""
    searcher = assistant.searcher
    clauses = assistant.index.store.clauses
    examples = []
    for question in questions:
        asked = searcher.reader.read(question.question, question.region)
        pool = searcher.candidates(asked, searcher.allowed(asked, None), None)
        relevant = np.array([question.answerable and from_document(question, clauses[row].doc_id)
                             and any(span in clauses[row].text for span in question.evidence) for row in pool.rows])
        examples.append(Example(question, pool.features, relevant))
    return examples


def fit_logistic(rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], penalty: float = PENALTY) -> LinearModel:
    """Class-balanced logistic regression by Newton's method (IRLS) on standardized features."""
    mean = rows.mean(axis=0)
    spread = rows.std(axis=0)
    spread[spread < 1e-9] = 1.0
    scaled = np.column_stack([(rows - mean) / spread, np.ones(len(rows))])
    positive = labels.mean() if len(labels) else 0.5
    sample = np.where(labels, 0.5 / max(positive, 1e-9), 0.5 / max(1 - positive, 1e-9))
    weights = np.zeros(scaled.shape[1])
    ridge = penalty * np.eye(scaled.shape[1])
    ridge[-1, -1] = 0.0
    for _ in range(50):
        probability = 1 / (1 + np.exp(-np.clip(scaled @ weights, -30, 30)))
        gradient = scaled.T @ (sample * (probability - labels)) + ridge @ weights
        hessian = (scaled * (sample * probability * (1 - probability))[:, None]).T @ scaled + ridge
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(weights)), gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return LinearModel(features=names, weights=tuple(float(w) for w in weights[:-1]), bias=float(weights[-1]),
                       mean=tuple(float(m) for m in mean), spread=tuple(float(s) for s in spread))


def ranking_figures(examples: list[Example], scores: list[np.ndarray]) -> dict[str, float]:
    """R@1, R@5 and MRR of the answerable examples when their candidates are ordered by ``scores``."""
    firsts = []
    for example, score in zip(examples, scores):
        if not example.question.answerable:
            continue
        relevant = example.relevant[np.argsort(-score, kind="stable")]
        firsts.append(int(np.argmax(relevant)) + 1 if relevant.any() else None)
    figures = {f"recall@{k}": float(np.mean([bool(f and f <= k) for f in firsts])) for k in RECALL_AT}
    figures["mrr"] = float(np.mean([1 / f if f else 0.0 for f in firsts]))
    return figures


def folds_of(examples: list[Example]) -> np.ndarray:
    return np.random.default_rng(SEED).permutation(len(examples)) % FOLDS


def cross_validate_ranker(examples: list[Example]) -> tuple[dict[str, float], list[np.ndarray]]:
    """Each fold scored by a ranker fitted on the other folds; returns figures and the held-out scores."""
    assignment = folds_of(examples)
    held_out: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for fold in range(FOLDS):
        train = [e for e, f in zip(examples, assignment) if f != fold and e.question.answerable and len(e.features)]
        model = fit_logistic(np.vstack([e.features for e in train]), np.concatenate([e.relevant for e in train]), FEATURES)
        for index, (example, assigned) in enumerate(zip(examples, assignment)):
            if assigned == fold:
                held_out[index] = model.score(example.features) if len(example.features) else np.zeros(0)
    return ranking_figures(examples, held_out), held_out


def answer_rows(assistant: Assistant, examples: list[Example], scores: list[np.ndarray]) -> np.ndarray:
    """The answerability features of each question, from candidates scored by ``scores``."""
    searcher = assistant.searcher
    rows = []
    for example, score in zip(examples, scores):
        asked = searcher.reader.read(example.question.question, example.question.region)
        pool = searcher.candidates(asked, searcher.allowed(asked, None), None)
        pool.scores = score
        tokens = list(asked.tokens)
        coverage = len(set(searcher.index.lexical.known_tokens(tokens))) / len(set(tokens)) if tokens else 0.0
        rows.append(searcher.answer_row(asked, pool, float(pool.dense.max(initial=0.0)), coverage)[0])
    return np.vstack(rows)


def best_threshold(scores: np.ndarray, answerable: np.ndarray,
                   min_answered: float = MIN_ANSWERED) -> tuple[float, float]:
    """The highest cut (answer when score ≥ cut) that still answers ``min_answered`` of the answerable
    questions, so the most unanswerable ones get "not found"; and the accuracy at that cut."""
    candidates = np.concatenate([[-np.inf], np.sort(scores)])
    kept = [cut for cut in candidates if not answerable.any() or np.mean(scores[answerable] >= cut) >= min_answered]
    cut = kept[-1]
    accuracy = float(np.mean((scores >= cut) == answerable))
    return (float(cut) if np.isfinite(cut) else float(scores.min()) - 1.0), accuracy


def cross_validate_answerability(rows: np.ndarray, answerable: np.ndarray,
                                 examples: list[Example]) -> tuple[float, dict[str, float]]:
    """The answer cut chosen on held-out scores of the not-found model, and its figures at that cut."""
    assignment = folds_of(examples)
    predicted = np.zeros(len(examples))
    for fold in range(FOLDS):
        model = fit_logistic(rows[assignment != fold], answerable[assignment != fold], ANSWER_FEATURES)
        predicted[assignment == fold] = model.score(rows[assignment == fold])
    cut, accuracy = best_threshold(predicted, answerable)
    said = predicted >= cut
    return cut, {"accuracy": accuracy,
                 "not_found_recall": float(np.mean(~said[~answerable])) if (~answerable).any() else 1.0,
                 "answered_rate": float(np.mean(said[answerable])) if answerable.any() else 1.0}


def train(assistant: Assistant, output: Path, keep_ranker: bool = False) -> dict[str, object]:
    """Fit both models on dev, report their cross-validated figures, and write them. With ``keep_ranker`` the
    shipped clause ranker stays and only the not-found model is fitted on its scores: the retriever's margins
    (national_margin) are set on the ranker's scale, so a feature of the question alone (where it asks about)
    need not move every clause score."""
    questions = [q for q in question_sets(assistant.settings) if q.split == "dev"]
    searcher = assistant.searcher
    if keep_ranker:
        return _train_answerability(assistant, questions, output)
    if searcher.models.clause.features != FEATURES:
        # a changed feature set is fitted from scratch: pools are chosen by fusion, so an unfitted model collects them
        unfitted = LinearModel(FEATURES, (0.0,) * len(FEATURES), 0.0, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))
        searcher.models = Models(clause=unfitted, answerable=searcher.models.answerable)
    examples = collect(assistant, questions)
    baseline = ranking_figures(examples, [e.features[:, FEATURES.index("fused")] if len(e.features) else np.zeros(0)
                                          for e in examples])
    cv_figures, held_out = cross_validate_ranker(examples)
    trainable = [e for e in examples if e.question.answerable and len(e.features)]
    clause = fit_logistic(np.vstack([e.features for e in trainable]), np.concatenate([e.relevant for e in trainable]),
                          FEATURES)
    answerable = np.array([e.question.answerable for e in examples])
    cut, figures = cross_validate_answerability(answer_rows(assistant, examples, held_out), answerable, examples)
    final_rows = answer_rows(assistant, examples, [clause.score(e.features) if len(e.features) else np.zeros(0)
                                                    for e in examples])
    judge = fit_logistic(final_rows, answerable, ANSWER_FEATURES)
    judge = LinearModel(judge.features, judge.weights, judge.bias, judge.mean, judge.spread, threshold=cut)
    report = {
        "trained": dt.date.today().isoformat(), "questions": len(examples), "answerable": int(answerable.sum()),
        "fusion_only": baseline, "ranker_cross_validated": cv_figures, "answerability_cross_validated": figures,
        "method": f"L2 logistic regression (penalty {PENALTY}), class-balanced, {FOLDS}-fold cross-validation by question "
                  "on eval/questions.jsonl and eval/dev/ (the sealed test split is not read)",
    }
    write_models(Models(clause=clause, answerable=judge, provenance=report), output)
    return report


def _train_answerability(assistant: Assistant, questions: list[Question], output: Path) -> dict[str, object]:
    """The not-found model alone, fitted and cross-validated on the shipped clause ranker's scores."""
    clause = assistant.searcher.models.clause
    if clause.features != FEATURES:
        raise ValueError("the shipped ranker was fitted on other features: train both models (without --keep-ranker)")
    examples = collect(assistant, questions)
    scores = [clause.score(e.features) if len(e.features) else np.zeros(0) for e in examples]
    rows = answer_rows(assistant, examples, scores)
    answerable = np.array([e.question.answerable for e in examples])
    cut, figures = cross_validate_answerability(rows, answerable, examples)
    judge = fit_logistic(rows, answerable, ANSWER_FEATURES)
    judge = LinearModel(judge.features, judge.weights, judge.bias, judge.mean, judge.spread, threshold=cut)
    report = dict(assistant.searcher.models.provenance)
    report.update({
        "answerability_trained": dt.date.today().isoformat(), "answerability_cross_validated": figures,
        "answerability_method": f"refitted alone on the shipped clause ranker's scores ({FOLDS}-fold cross-validation "
                                "by question on the dev split; the clause ranker's own figures above are unchanged)",
    })
    write_models(Models(clause=clause, answerable=judge, provenance=report), output)
    return report
