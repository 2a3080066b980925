"""Fit the clause ranker and the answerability model on the dev questions only, measuring both by
cross-validation (folds by question), and write them to assistant/data/ranker.json.

`python -m assistant train-ranker`. The sealed test questions are never read here. Both models are linear
over the general features of search/features.py: the clause ranker is fitted per question (a softmax over
its candidates), the not-found model is an L2-regularized logistic regression over questions; the answerability
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
PENALTY = 1.0  # L2 weight on standardized features (the not-found model)
RANKER_PENALTIES = (1.0, 3.0, 10.0, 30.0)  # the clause ranker's L2 weights tried; cross-validation on dev picks one
RECALL_AT = (1, 5)
MIN_ANSWERED = 0.95  # the share of answerable questions that must still be answered (issue 14's floor)


@dataclass
class Example:
    """One dev question's candidate pool, each candidate labelled relevant or not."""

    question: Question
    features: np.ndarray
    relevant: np.ndarray


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


def fit_listwise(pools: list[tuple[np.ndarray, np.ndarray]], names: tuple[str, ...], penalty: float) -> LinearModel:
    """A linear clause ranker fitted per question (softmax over each question's candidates, ListNet): what
    counts is that the relevant clauses outscore the others asked with them, not that every candidate is
    classified alone, so a feature that separates questions (how well the whole question matches) costs
    nothing. ``pools``: (features, relevant) per question. Newton's method with a backtracking line search
    on the convex, L2-regularized loss."""
    rows = np.vstack([features for features, _ in pools])
    mean = rows.mean(axis=0)
    spread = rows.std(axis=0)
    spread[spread < 1e-9] = 1.0
    groups = [((features - mean) / spread, relevant / relevant.sum()) for features, relevant in pools if relevant.any()]

    def loss(weights: np.ndarray) -> float:
        total = 0.5 * penalty * float(weights @ weights)
        for scaled, target in groups:
            scores = scaled @ weights
            total += float(np.logaddexp.reduce(scores) - target @ scores)
        return total

    weights = np.zeros(rows.shape[1])
    for _ in range(100):
        gradient = penalty * weights
        hessian = penalty * np.eye(len(weights))
        for scaled, target in groups:
            scores = scaled @ weights
            probability = np.exp(scores - np.logaddexp.reduce(scores))
            expected = scaled.T @ probability
            gradient = gradient + scaled.T @ (probability - target)
            hessian = hessian + (scaled.T * probability) @ scaled - np.outer(expected, expected)
        step = np.linalg.solve(hessian, gradient)
        size, current = 1.0, loss(weights)
        while loss(weights - size * step) > current - 1e-4 * size * float(gradient @ step) and size > 1e-6:
            size /= 2
        weights = weights - size * step
        if np.abs(size * step).max() < 1e-8:
            break
    return LinearModel(features=names, weights=tuple(float(w) for w in weights), bias=0.0,
                       mean=tuple(float(m) for m in mean), spread=tuple(float(s) for s in spread))


def ranker_pools(examples: list[Example]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The answerable examples' candidate pools, as fit_listwise takes them."""
    return [(e.features, e.relevant) for e in examples if e.question.answerable and len(e.features)]


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


def cross_validate_ranker(examples: list[Example], penalty: float) -> tuple[dict[str, float], list[np.ndarray]]:
    """Each fold scored by a ranker fitted on the other folds; returns figures and the held-out scores."""
    assignment = folds_of(examples)
    held_out: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for fold in range(FOLDS):
        model = fit_listwise(ranker_pools([e for e, f in zip(examples, assignment) if f != fold]), FEATURES, penalty)
        for index, (example, assigned) in enumerate(zip(examples, assignment)):
            if assigned == fold:
                held_out[index] = model.score(example.features) if len(example.features) else np.zeros(0)
    return ranking_figures(examples, held_out), held_out


def chosen_penalty(examples: list[Example]) -> tuple[float, dict[str, float], list[np.ndarray]]:
    """The ranker's L2 weight with the best cross-validated MRR, its figures and held-out scores."""
    tried = {penalty: cross_validate_ranker(examples, penalty) for penalty in RANKER_PENALTIES}
    penalty = max(RANKER_PENALTIES, key=lambda p: (tried[p][0]["mrr"], tried[p][0]["recall@1"]))
    return penalty, *tried[penalty]


def decided_by_place(assistant: Assistant, examples: list[Example]) -> np.ndarray:
    """The questions left unanswered by rule, whatever the model says: a place's own rule asked where the
    library has no text of that place. The model is fitted and its cut chosen on the others."""
    searcher = assistant.searcher
    return np.array([searcher.asks_unheld_place(searcher.reader.read(e.question.question, e.question.region))
                     for e in examples], dtype=bool)


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
                   min_answered: float = MIN_ANSWERED) -> float:
    """The highest cut (answer when score ≥ cut) that still answers ``min_answered`` of the answerable
    questions, so the most unanswerable ones get "not found"."""
    candidates = np.concatenate([[-np.inf], np.sort(scores)])
    kept = [cut for cut in candidates if not answerable.any() or np.mean(scores[answerable] >= cut) >= min_answered]
    cut = kept[-1]
    return float(cut) if np.isfinite(cut) else float(scores.min()) - 1.0


def cross_validate_answerability(rows: np.ndarray, answerable: np.ndarray, examples: list[Example],
                                 decided: np.ndarray) -> tuple[float, dict[str, float]]:
    """The answer cut chosen on held-out scores of the not-found model, and the figures at that cut of the
    model and the place rule together (``decided``: left unanswered by the rule)."""
    assignment = folds_of(examples)
    predicted = np.zeros(len(examples))
    for fold in range(FOLDS):
        fitted = (assignment != fold) & ~decided
        model = fit_logistic(rows[fitted], answerable[fitted], ANSWER_FEATURES)
        predicted[assignment == fold] = model.score(rows[assignment == fold])
    cut = best_threshold(predicted[~decided], answerable[~decided])
    said = (predicted >= cut) & ~decided
    accuracy = float(np.mean(said == answerable))
    return cut, {"accuracy": accuracy,
                 "not_found_recall": float(np.mean(~said[~answerable])) if (~answerable).any() else 1.0,
                 "answered_rate": float(np.mean(said[answerable])) if answerable.any() else 1.0}


def train(assistant: Assistant, output: Path, keep_ranker: bool = False) -> dict[str, object]:
    """Fit both models on dev, report their cross-validated figures, and write them. With ``keep_ranker`` the
    shipped clause ranker stays and only the not-found model is fitted on its ordering: the retriever's margin
    (national_margin) is set on the ranker's scale, so a change to the not-found model alone need not move it."""
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
    penalty, cv_figures, held_out = chosen_penalty(examples)
    clause = fit_listwise(ranker_pools(examples), FEATURES, penalty)
    answerable = np.array([e.question.answerable for e in examples])
    decided = decided_by_place(assistant, examples)
    cut, figures = cross_validate_answerability(answer_rows(assistant, examples, held_out), answerable, examples,
                                                decided)
    final_rows = answer_rows(assistant, examples, [clause.score(e.features) if len(e.features) else np.zeros(0)
                                                    for e in examples])
    judge = fit_logistic(final_rows[~decided], answerable[~decided], ANSWER_FEATURES)
    judge = LinearModel(judge.features, judge.weights, judge.bias, judge.mean, judge.spread, threshold=cut)
    report = {
        "trained": dt.date.today().isoformat(), "questions": len(examples), "answerable": int(answerable.sum()),
        "fusion_only": baseline, "ranker_cross_validated": cv_figures, "answerability_cross_validated": figures,
        "method": f"clause ranker: linear, softmax over each question's candidates (ListNet), L2 penalty {penalty} "
                  f"chosen among {list(RANKER_PENALTIES)} by cross-validated MRR; not-found model: L2 logistic regression "
                  f"(penalty {PENALTY}), class-balanced; {FOLDS}-fold cross-validation by question on eval/questions.jsonl "
                  "and eval/dev/ (the sealed test split is not read)",
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
    decided = decided_by_place(assistant, examples)
    cut, figures = cross_validate_answerability(rows, answerable, examples, decided)
    judge = fit_logistic(rows[~decided], answerable[~decided], ANSWER_FEATURES)
    judge = LinearModel(judge.features, judge.weights, judge.bias, judge.mean, judge.spread, threshold=cut)
    report = dict(assistant.searcher.models.provenance)
    report.update({
        "answerability_trained": dt.date.today().isoformat(), "answerability_cross_validated": figures,
        "answerability_method": f"refitted alone on the shipped clause ranker's scores ({FOLDS}-fold cross-validation "
                                "by question on the dev split; the clause ranker's own figures above are unchanged)",
    })
    write_models(Models(clause=clause, answerable=judge, provenance=report), output)
    return report
