"""The users' jobs from the command line: the ``duties`` map, the ``obligations`` checklist, ``quiz`` and its grading."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.cli.usage import UsageError
from assistant.errors import InvalidInputError
from assistant.quiz.export import QUIZ_FORMATS, read_answers, read_quiz, render_quiz, render_report
from assistant.quiz.generate import generate_quiz
from assistant.quiz.grade import grade_quiz
from assistant.quiz.models import QuizRequest
from assistant.settings import Settings


def duties(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.duties import RELATION_NAMES, DutyMap
    from assistant.store.index import clause_source

    documents, clauses = clause_source(settings)
    result = DutyMap.build(documents, clauses).query(args.industry, args.body, args.region, args.doc)
    if args.json:
        print(result.model_dump_json(indent=1))
        return 0
    if result.query.alias_note:
        print(f"注：{result.query.alias_note}")
    if not result.records:
        print("没有找到符合条件的职责条文。")
    for records in result.by_document().values():
        first = records[0]
        print(f"《{first.title}》（{first.region or '地区不详'}）")
        for record in records:
            print(f"  {record.body_text}〔{record.body}〕（{RELATION_NAMES[record.relation]}）：{record.duty}  "
                  f"[{record.clause_label} {record.clause_id}]")
    return 0


def obligations(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.obligations import EnterpriseProfile, ObligationCatalogue, render
    from assistant.store.index import clause_source

    if args.employees is not None and args.employees < 0:
        raise UsageError(f"--employees must be 0 or more, got {args.employees}")
    if not (args.industry or args.employees is not None):
        raise UsageError("describe the enterprise: give --industry and/or --employees")
    documents, clauses = clause_source(settings)
    profile = EnterpriseProfile(industry=args.industry, employees=args.employees, high_risk=args.high_risk,
                                region=args.region)
    checklist = ObligationCatalogue.build(documents, clauses).checklist(profile)
    text = render(checklist, args.format)
    if args.out is None:
        print(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(checklist.obligations)} obligations to {args.out}")
    return 0


def quiz(args: argparse.Namespace, settings: Settings) -> int:
    if args.grade:
        if len(args.grade) != 3 or args.grade[0] != "grade":
            raise UsageError("use: quiz grade QUIZ.json ANSWERS.json")
        print(grade_files(Path(args.grade[1]), Path(args.grade[2]), args.format), end="")
        return 0
    if not 1 <= args.n <= 500:
        raise UsageError(f"--n must be between 1 and 500, got {args.n}")
    request = QuizRequest(n=args.n, doc=args.doc, topic=args.topic, seed=args.seed, include_drafts=args.include_drafts)
    text = make_quiz(settings, request, args.format, args.out)
    if text is not None:
        print(text, end="")
    return 0


def make_quiz(settings: Settings, request: QuizRequest, fmt: str | None, out: Path | None) -> str | None:
    """Generate; write to ``out`` (format from its suffix unless given) or return the text to print."""
    fmt = fmt or (out.suffix.lstrip(".").lower() if out is not None else "md")
    if fmt not in QUIZ_FORMATS:
        raise InvalidInputError(f"unknown format {fmt!r}; use one of {', '.join(QUIZ_FORMATS)} (or --format)")
    from assistant.service import open_assistant

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
