"""Quizzes and grade reports as JSON, CSV and Markdown; quiz and answer files read back with clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import InvalidInputError
from assistant.quiz.models import GradeReport, Quiz

QUIZ_FORMATS = ("json", "csv", "md")
_TYPE_NAMES = {"fill_blank": "填空题", "single_choice": "单选题", "true_false": "判断题"}
_CSV_FIELDS = ("id", "type", "kind", "prompt", "options", "answer", "answer_text", "doc_id", "title", "status",
               "clause_id", "clause_label", "evidence", "clause_text", "warnings")


def render_quiz(quiz: Quiz, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(quiz.model_dump(), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _quiz_csv(quiz)
    if fmt == "md":
        return _quiz_markdown(quiz)
    raise InvalidInputError(f"unknown format {fmt!r}; use one of {', '.join(QUIZ_FORMATS)}")


def _quiz_csv(quiz: Quiz) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for question in quiz.questions:
        source = question.source
        writer.writerow({
            "id": question.id, "type": question.type, "kind": question.kind, "prompt": question.prompt,
            "options": " | ".join(f"{option.label}. {option.text}" for option in question.options),
            "answer": question.answer, "answer_text": question.answer_text, "doc_id": source.doc_id,
            "title": source.title, "status": source.status, "clause_id": source.clause_id,
            "clause_label": source.clause_label, "evidence": question.evidence, "clause_text": source.text,
            "warnings": "；".join(question.warnings),
        })
    return buffer.getvalue()


def _quiz_markdown(quiz: Quiz) -> str:
    lines = [f"# 安全生产知识测验（{quiz.quiz_id}，种子 {quiz.request.seed}）", ""]
    lines += [f"> ⚠ {warning}" for warning in quiz.warnings]
    for question in quiz.questions:
        lines += ["", f"**{question.id}**（{_TYPE_NAMES[question.type]}）{question.prompt}"]
        lines += [f"- {option.label}. {option.text}" for option in question.options]
        if question.type == "true_false":
            lines.append("- 对 / 错")
        lines += [f"> ⚠ {warning}" for warning in question.warnings]
    lines += ["", "## 答案与出处", ""]
    for question in quiz.questions:
        source = question.source
        words = "" if question.answer == question.answer_text else f"（{question.answer_text}）"
        lines.append(f"- **{question.id}** {question.answer}{words} — 《{source.title}》{source.clause_label}："
                     f"“{question.evidence}”")
    return "\n".join(lines) + "\n"


def render_report(report: GradeReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.model_dump(), ensure_ascii=False, indent=1)
    lines = [f"得分 {report.correct}/{report.total}（{report.score:.0%}）"]
    if report.unanswered:
        lines.append(f"未作答：{'、'.join(report.unanswered)}")
    if report.unknown:
        lines.append(f"试卷中没有这些题号（未计分）：{'、'.join(report.unknown)}")
    for result in report.results:
        if result.correct:
            continue
        given = result.given if result.given is not None else "（未作答）"
        lines.append(f"\n✗ {result.question_id} 你的答案：{given}；正确答案：{result.expected}")
        lines.append(f"  {result.explanation}")
        lines.append(f"  出处：{result.source.doc_id} {result.source.clause_id}")
    return "\n".join(lines) + "\n"


def read_quiz(path: Path) -> Quiz:
    """A quiz saved as JSON by ``quiz --format json``."""
    try:
        return Quiz.model_validate_json(_read(path))
    except ValidationError as error:
        raise InvalidInputError(f"{path} is not a quiz saved as JSON ({error.error_count()} problems, "
                                f"first: {error.errors()[0]['msg']})") from error


def read_answers(path: Path) -> dict[str, str]:
    """An answer sheet: one JSON object {question_id: answer}."""
    try:
        data = json.loads(_read(path))
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from error
    if not isinstance(data, dict) or not all(isinstance(value, str | int | bool) for value in data.values()):
        raise InvalidInputError(f"{path}: the answers must be one object {{\"q1\": \"B\", \"q2\": \"对\", …}}")
    return {str(key): _answer_text(value) for key, value in data.items()}


def _answer_text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "对" if value else "错"
    return str(value)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InvalidInputError(f"file not found: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {path}: {error}") from error
