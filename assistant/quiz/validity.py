"""Quiz validity: does each question's cited clause prove its answer and refute its distractors?

Checked against the clause as stored in the index (not the copy inside the question), by plain
substring tests after normalization — independent of how the generator found the facts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from assistant.quiz.generate import generate_quiz
from assistant.quiz.models import BLANK, FALSE_ANSWER, TRUE_ANSWER, QuizQuestion, QuizRequest
from assistant.quiz.select import normalized
from assistant.store.index import ClauseStore

DEFAULT_SEEDS = (1, 2, 3, 4, 5)


def question_problems(question: QuizQuestion, clause_text: str) -> list[str]:
    """What is wrong with ``question`` against its clause; [] for a valid question."""
    clause = normalized(clause_text)
    problems: list[str] = []
    if normalized(question.source.text) != clause:
        problems.append("cited text differs from the clause")
    if normalized(question.evidence) not in clause or normalized(question.answer_text) not in normalized(question.evidence):
        problems.append("evidence sentence does not hold the answer")
    stem = normalized(question.stem)
    if question.type == "true_false":
        if question.answer == TRUE_ANSWER and (question.swapped_in or stem not in clause):
            problems.append("true statement is not in the clause")
        if question.answer == FALSE_ANSWER:
            swapped = normalized(question.swapped_in or "")
            if not swapped or stem in clause or swapped in clause:
                problems.append("distractor: the false statement or its swapped fact occurs in the clause")
            elif stem.replace(swapped, normalized(question.answer_text), 1) not in clause:
                problems.append("false statement is not the clause with one fact changed")
        return problems
    if stem.count(BLANK) != 1 or stem.replace(BLANK, normalized(question.answer_text)) not in clause:
        problems.append("answer is not in the clause at the blank")
    if question.type == "single_choice":
        texts = [normalized(option.text) for option in question.options]
        if len(set(texts)) != len(texts) or len(texts) != 4:
            problems.append("options are not four different texts")
        right = [option for option in question.options if option.label == question.answer]
        if len(right) != 1 or normalized(right[0].text) != normalized(question.answer_text):
            problems.append("the answer letter does not point at the answer")
        for option in question.options:
            if option.label != question.answer and normalized(option.text) in clause:
                problems.append(f"distractor: {option.text} occurs in the clause")
    return problems


def quiz_validity(store: ClauseStore, requests: Iterable[QuizRequest] | None = None) -> dict[str, Any]:
    """Share of generated questions that their clause proves (default: 5 seeds × 100 over the corpus)."""
    requests = list(requests) if requests is not None else [QuizRequest(n=100, seed=seed) for seed in DEFAULT_SEEDS]
    total, valid, answer_held, distractors_absent, with_distractors = 0, 0, 0, 0, 0
    by_type: Counter[str] = Counter()
    valid_by_type: Counter[str] = Counter()
    failures: list[str] = []
    for request in requests:
        for question in generate_quiz(store, request).questions:
            clause = store.clause(question.source.clause_id)
            problems = question_problems(question, clause.text) if clause else ["cited clause is not in the index"]
            total += 1
            by_type[question.type] += 1
            answer_held += not any("answer" in problem or "true statement" in problem for problem in problems)
            if question.options or question.swapped_in:
                with_distractors += 1
                distractors_absent += not any(problem.startswith("distractor") for problem in problems)
            if not problems:
                valid += 1
                valid_by_type[question.type] += 1
            elif len(failures) < 20:
                failures.append(f"seed {request.seed} {question.id}: {'; '.join(problems)}")
    return {
        "questions": total,
        "valid": valid,
        "validity": valid / total if total else 0.0,
        "answer_in_clause": answer_held / total if total else 0.0,
        "distractors_absent": distractors_absent / with_distractors if with_distractors else 1.0,
        "by_type": {
            kind: {"questions": count, "validity": valid_by_type[kind] / count} for kind, count in sorted(by_type.items())
        },
        "failures": failures,
    }
