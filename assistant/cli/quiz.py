"""The ``quiz`` command: make a quiz and print or save it, or grade an answer sheet against one."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InvalidInputError
from assistant.quiz.export import QUIZ_FORMATS, read_answers, read_quiz, render_quiz, render_report
from assistant.quiz.generate import generate_quiz
from assistant.quiz.grade import grade_quiz
from assistant.quiz.models import QuizRequest
from assistant.settings import Settings


def make_quiz(settings: Settings, request: QuizRequest, fmt: str | None, out: Path | None) -> str | None:
    """Generate; write to ``out`` (format from its suffix unless given) or return the text to print."""
    fmt = fmt or (out.suffix.lstrip(".").lower() if out is not None else "md")
    if fmt not in QUIZ_FORMATS:
        raise InvalidInputError(f"unknown format {fmt!r}; use one of {', '.join(QUIZ_FORMATS)} (or --format)")
    from assistant.service.assistant import open_assistant

    store = open_assistant(settings).index.store
    text = render_quiz(generate_quiz(store, request), fmt)
    if out is None:
        return text
    try:
        out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")  # BOM: Excel reads CSV as UTF-8
    except OSError as error:
        raise InvalidInputError(f"cannot write {out}: {error}") from error
    return None


def grade_files(quiz_path: Path, answers_path: Path, fmt: str | None) -> str:
    """The grade report of an answer sheet {question_id: answer} against a quiz saved as JSON."""
    if fmt not in (None, "json", "md"):
        raise InvalidInputError(f"a grade report is json or md, not {fmt!r}")
    report = grade_quiz(read_quiz(quiz_path), read_answers(answers_path))
    return render_report(report, fmt or "md")
