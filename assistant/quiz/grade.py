"""Grading an answer sheet {question_id: answer}: each miss is explained by the sentence of its clause."""

from __future__ import annotations

import re

from assistant.quiz.facts import lexicon, slogan_key
from assistant.quiz.models import FALSE_ANSWER, TRUE_ANSWER, GradedAnswer, GradeReport, Quiz, QuizQuestion
from assistant.quiz.numbers import find_quantities
from assistant.quiz.select import normalized

_TRUE = {"对", "正确", "是", "√", "✓", "T", "TRUE", "Y", "YES"}
_FALSE = {"错", "错误", "否", "×", "✗", "F", "FALSE", "N", "NO"}
_LETTER = re.compile(r"^([A-D])[.．、)）]?$")
_BARE_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)$")


def grade_quiz(quiz: Quiz, answers: dict[str, str]) -> GradeReport:
    """Score the sheet; unanswered questions count as misses, ids not in the quiz are listed."""
    results = [_grade(question, answers.get(question.id)) for question in quiz.questions]
    correct = sum(result.correct for result in results)
    total = len(results)
    known = {question.id for question in quiz.questions}
    return GradeReport(
        quiz_id=quiz.quiz_id, total=total, correct=correct, score=correct / total if total else 0.0,
        unanswered=[question.id for question in quiz.questions if not (answers.get(question.id) or "").strip()],
        unknown=sorted(set(answers) - known), results=results,
    )


def is_correct(question: QuizQuestion, given: str) -> bool:
    """Whether ``given`` is the answer: the option letter (or its text), 对/错 in any usual form, or the blank's words."""
    text = normalized(given).strip("“”\"'")
    if not text:
        return False
    if question.type == "single_choice":
        letter = _LETTER.match(text.upper())
        chosen = letter.group(1) if letter else next(
            (option.label for option in question.options if normalized(option.text) == text), None)
        return chosen == question.answer
    if question.type == "true_false":
        verdict = TRUE_ANSWER if text.upper() in _TRUE else FALSE_ANSWER if text.upper() in _FALSE else None
        return verdict == question.answer
    return _same_fact(question, text)


def _same_fact(question: QuizQuestion, text: str) -> bool:
    expected = normalized(question.answer_text)
    if text == expected:
        return True
    if question.kind == "number":
        wanted = find_quantities(expected)
        if not wanted:
            return False
        if _BARE_NUMBER.match(text):  # the unit is in the question
            text += wanted[0].unit
        given = find_quantities(text)
        return len(given) == 1 and given[0].text == text and given[0].key == wanted[0].key
    if question.kind == "body":
        words = lexicon()
        return words.body_key(text) == words.body_key(expected)
    return slogan_key(text) == slogan_key(expected)


def _grade(question: QuizQuestion, given: str | None) -> GradedAnswer:
    correct = given is not None and is_correct(question, given)
    expected = question.answer
    if question.type == "single_choice":
        expected = f"{question.answer}（{question.answer_text}）"
    explanation = None if correct else _explain(question)
    return GradedAnswer(question_id=question.id, given=given, correct=correct, expected=expected,
                        explanation=explanation, evidence=question.evidence, source=question.source)


def _explain(question: QuizQuestion) -> str:
    source = question.source
    cited = f"《{source.title}》{source.clause_label}"
    if question.type == "true_false" and question.swapped_in:
        what = f"原文是“{question.answer_text}”，不是“{question.swapped_in}”"
    elif question.type == "true_false":
        what = "该表述与原文一致"
    else:
        what = f"正确答案是“{question.answer_text}”"
    return f"{what}。{cited}：“{question.evidence}”"
