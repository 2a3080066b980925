"""Command line: ask, add, index, eval, bench. Thin: parse, call the service, print.

Exit status (../shared/CONTRACT.md): 0 done; 1 some files could not be added; 2 unusable arguments
or input, with a one-line reason on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from assistant.errors import AssistantError, InvalidInputError
from assistant.models import Answer
from assistant.settings import Settings


class UsageError(Exception):
    """Arguments or input that cannot be used; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m assistant", description="安全生产法规问答助手 — cited answers over the corpus")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = commands.add_parser("ask", help="answer a question (or a batch) with citations")
    ask.add_argument("question", nargs="?", help="the question, in Chinese")
    ask.add_argument("--batch", type=Path, help="JSONL file, one {\"id\": …, \"question\": …} a line")
    ask.add_argument("--k", type=int, default=None, help="number of citations (default 5)")
    ask.add_argument("--json", action="store_true", help="print the contract's JSON result")
    ask.add_argument("--force", help="only texts of this force, comma-separated (法律,行政法规,司法解释,部门规章,…)")
    ask.add_argument("--level", help="only texts of this jurisdiction level: national, provincial, city, county")
    ask.add_argument("--region", help="only texts of this place (沅江, 湖南省; 全国 = national texts)")
    ask.add_argument("--as-of", dest="as_of", help="answer from the texts in force on this day (YYYY-MM-DD)")

    add = commands.add_parser("add", help="copy documents into corpus/ and update the index")
    add.add_argument("files", nargs="+", type=Path)

    index = commands.add_parser("index", help="build the index if it is missing or stale")
    index.add_argument("--force", action="store_true", help="rebuild even if current (the cache still applies)")

    evaluate = commands.add_parser("eval", help="evidence recall, MRR and not-found accuracy on eval/")
    evaluate.add_argument("--questions", type=Path, default=None)
    evaluate.add_argument("--report", type=Path, default=None, help="write a Markdown report here")
    chat = commands.add_parser("chat", help="a conversation: one question a line on standard input, follow-ups understood")
    chat.add_argument("--k", type=int, default=None, help="number of citations (default 5)")
    chat.add_argument("--json", action="store_true", help="one JSON result a line, with resolved_question")
    chat.add_argument("--evaluate", type=Path, default=None, metavar="FILE",
                      help="instead: follow-up accuracy on two-turn conversations (eval/conversations.jsonl)")
    bench = commands.add_parser("bench", help="print build time, latency and memory figures")
    bench.add_argument("--questions", type=Path, default=None)
    bench.add_argument("--cold", action="store_true", help="also time a build with an empty embedding cache (minutes)")
    bench.add_argument("--scale", default="10000,100000,1000000",
                       help="synthetic corpus sizes for the FAISS scale runs, comma-separated ('' to skip; 1M takes minutes)")
    bench.add_argument("--scale-chart", type=Path, default=Path("eval/scale.png"), help="where to plot the scale curves")
    bench.add_argument("--milvus-scale", default="",
                       help="synthetic sizes for Milvus Lite, e.g. 10000,100000 (needs the [milvus] extra; minutes)")
    duties = commands.add_parser("duties", help="which body supervises which industry or owns which task")
    duties.add_argument("--industry", help="industry or task words, e.g. 道路运输")
    duties.add_argument("--body", help="a body in any written form, e.g. 公安局, 安监局, 应急管理部")
    duties.add_argument("--region", help="only documents of this region, e.g. 沅江")
    duties.add_argument("--doc", help="only this document (doc_id, its prefix, or words of its title)")
    duties.add_argument("--json", action="store_true", help="print the records as JSON")
    obligations = commands.add_parser("obligations", help="the obligations that apply to an enterprise, cited")
    obligations.add_argument("--industry", help="e.g. 危险化学品, 建筑施工, 零售")
    obligations.add_argument("--employees", type=int, help="head count (从业人员)")
    obligations.add_argument("--high-risk", dest="high_risk", action="store_true", default=None,
                             help="the enterprise is in a high-risk (高危) industry")
    obligations.add_argument("--region", help="add what local documents of this region require, e.g. 沅江")
    obligations.add_argument("--format", choices=("md", "csv", "json"), default="md")
    obligations.add_argument("--out", type=Path, help="write to this file instead of standard output")

    quiz = commands.add_parser("quiz", help="training quiz from the corpus, a document or a topic; `quiz grade QUIZ ANSWERS`")
    quiz.add_argument("grade", nargs="*", metavar="grade QUIZ.json ANSWERS.json", help="grade an answer sheet {id: answer}")
    quiz.add_argument("--n", type=int, default=10, help="number of questions (default 10)")
    quiz.add_argument("--doc", help="a document id or (part of) its title")
    quiz.add_argument("--topic", help="a topic, e.g. 隐患排查")
    quiz.add_argument("--seed", type=int, default=1, help="same seed → same quiz (default 1)")
    quiz.add_argument("--format", choices=["json", "csv", "md"], help="default: from --out's suffix, else md")
    quiz.add_argument("--out", type=Path, help="write the quiz to this file")
    quiz.add_argument("--include-drafts", action="store_true", help="also ask from drafts for comments (flagged)")

    serve = commands.add_parser("serve", help="HTTP API (/docs) and web app (/ui) in one process")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings = Settings()
        handler = {"ask": _ask, "add": _add, "index": _index, "eval": _eval, "bench": _bench, "quiz": _quiz,
                   "chat": _chat, "duties": _duties, "obligations": _obligations, "serve": _serve}[args.command]
        return handler(args, settings)
    except (UsageError, InvalidInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.k is not None and not 1 <= args.k <= 50:
        raise UsageError(f"--k must be between 1 and 50, got {args.k}")
    if args.batch is not None and args.question:
        raise UsageError("give either a question or --batch FILE, not both")
    if args.batch is None and not (args.question or "").strip():
        raise UsageError("the question is empty; give a question or --batch FILE")
    batch = read_batch(args.batch) if args.batch is not None else None
    from assistant.legal.filters import SearchFilters
    from assistant.service.assistant import open_assistant

    filters = SearchFilters.parse(force=args.force, level=args.level, region=args.region, as_of=args.as_of)
    assistant = open_assistant(settings)
    if batch is None:
        _print_answer(assistant.ask(args.question, args.k, filters=filters), args.json)
        return 0
    for item in batch:
        answer = assistant.ask(item["question"], args.k, filters=filters)
        answer.id = item["id"]
        _print_answer(answer, args.json)
    return 0


def read_batch(path: Path) -> list[dict[str, Any]]:
    """Every line of a batch file, validated before any question is answered."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise UsageError(f"batch file not found: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read batch file {path}: {error}") from error
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(item, dict) or "id" not in item:
            raise UsageError(f"{path}:{number}: each line needs an object with \"id\" and \"question\"")
        question = item.get("question")
        if not isinstance(question, str) or not question.strip():
            raise UsageError(f"{path}:{number}: the question is empty or not a string")
        items.append(item)
    if not items:
        raise UsageError(f"batch file {path} has no questions")
    return items


def _print_answer(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json_dict(), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    for citation in answer.citations:
        badge = "" if citation.status in ("in_force", "unknown") else f" 〔{citation.status}〕"
        print(f"  [{citation.rank}] 《{citation.title}》{citation.clause_label}{badge}  ({citation.clause_id})")
    for warning in answer.warnings:
        print(f"  ⚠ {warning}")
    print(flush=True)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library.adding import add_files
    from assistant.store.embedder import build_embedder

    report = add_files(settings, build_embedder(settings), list(args.files))
    for original, stored in report.added:
        print(f"added {original} → corpus/{stored}")
    for original, stored in report.unchanged:
        print(f"already in the corpus: {original} (corpus/{stored})")
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if report.failed else 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service.assistant import ensure_index
    from assistant.store.embedder import build_embedder
    from assistant.store.index import build_index

    embedder = build_embedder(settings)
    report = build_index(settings, embedder) if args.force else ensure_index(settings, embedder)
    if report is None:
        print("index is current")
        return 0
    print(f"indexed {report.documents} documents, {report.clauses} clauses, {report.chunks} chunks "
          f"({report.embedded} embedded, {report.reused} from cache) in {report.seconds:.1f} s")
    for failure in report.failures:
        print(f"skipped: {failure}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import run_evaluation

    return run_evaluation(settings, args.questions, args.report)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    """Each line of standard input is a turn; '/new' starts a new conversation."""
    if args.k is not None and not 1 <= args.k <= 50:
        raise UsageError(f"--k must be between 1 and 50, got {args.k}")
    from assistant.chat.session import ChatSession
    from assistant.service.assistant import open_assistant

    assistant = open_assistant(settings)
    if args.evaluate is not None:
        from assistant.evaluation.conversations import print_conversation_report

        return print_conversation_report(assistant, args.evaluate)
    session = ChatSession(assistant)
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("问> ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return 0
        if line.strip() in ("/new", "/reset"):
            session.reset()
            continue
        if not line.strip():
            continue
        answer = session.turn(line.strip(), args.k)
        if not args.json and answer.resolved_question != answer.question:
            print(f"（理解为：{answer.resolved_question}）")
        _print_answer(answer, args.json)


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.benchmarks import run_benchmark

    sizes, milvus_sizes = _sizes("--scale", args.scale), _sizes("--milvus-scale", args.milvus_scale)
    return run_benchmark(settings, args.questions, args.cold, sizes, args.scale_chart, milvus_sizes)


def _sizes(option: str, value: str) -> list[int]:
    try:
        return [int(size) for size in value.split(",") if size.strip()]
    except ValueError as error:
        raise UsageError(f"{option} takes sizes like 10000,100000; got {value!r}") from error


def _duties(args: argparse.Namespace, settings: Settings) -> int:
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


def _obligations(args: argparse.Namespace, settings: Settings) -> int:
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


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from assistant.api import build_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}")
    print(f"serving on http://{args.host}:{args.port}/ui (web app) and /docs (API)", file=sys.stderr, flush=True)
    uvicorn.run(build_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _quiz(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.quiz import grade_files, make_quiz
    from assistant.quiz.models import QuizRequest

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
